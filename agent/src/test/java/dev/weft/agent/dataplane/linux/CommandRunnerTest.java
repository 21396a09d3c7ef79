package dev.weft.agent.dataplane.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.dataplane.DataPlaneException;
import dev.weft.agent.dataplane.Where;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {
  private final ProcessCommandRunner runner = new ProcessCommandRunner(Duration.ofSeconds(5));

  @Test
  void feedsStdinAndKeepsStdoutAndStderr() {
    CommandResult r = runner.run(List.of("sh", "-c", "cat; echo oops >&2; exit 3"), "line one\nline two\n");
    assertThat(r.stdout()).isEqualTo("line one\nline two\n");
    assertThat(r.stderr()).isEqualTo("oops\n");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThatThrownBy(r::orThrow).isInstanceOf(DataPlaneException.class)
        .hasMessage("sh -c cat; echo oops >&2; exit 3 exited 3: oops");
  }

  @Test
  void timesOut() {
    ProcessCommandRunner quick = new ProcessCommandRunner(Duration.ofMillis(200));
    assertThatThrownBy(() -> quick.run(List.of("sleep", "5"), null)).isInstanceOf(DataPlaneException.class)
        .hasMessageContaining("sleep 5 timed out after 200 ms");
  }

  @Test
  void missingProgramIsADataPlaneException() {
    assertThatThrownBy(() -> runner.run(List.of("/nonexistent/weft-tool"), null))
        .isInstanceOf(DataPlaneException.class).hasMessageContaining("could not start");
  }

  @Test
  void inNetnsPrefixesNsenter() {
    List<List<String>> seen = new ArrayList<>();
    CommandRunner recording = (argv, stdin) -> {
      seen.add(argv);
      return new CommandResult(argv, 0, "", "");
    };
    recording.inNetns("/var/run/netns/lab-h1").run(List.of("ip", "-j", "link", "show"), null);
    assertThat(seen).containsExactly(List.of("nsenter", "--net=/var/run/netns/lab-h1", "ip", "-j", "link", "show"));
    assertThatThrownBy(() -> recording.inNetns("/var/run/netns/a b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toolsEnterTheRightNamespace() {
    assertThat(IpCommand.argv(Where.HOST, "-batch", "-")).containsExactly("ip", "-batch", "-");
    assertThat(IpCommand.argv(Where.netns("weft-h1-7"), "-batch", "-"))
        .containsExactly("nsenter", "--net=/var/run/netns/weft-h1-7", "ip", "-batch", "-");
    assertThat(Tools.argv(Where.container(42), "ip", "link"))
        .containsExactly("nsenter", "--net=/proc/42/ns/net", "ip", "link");
  }
}
