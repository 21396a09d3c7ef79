package dev.weft.agent.dataplane.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.dataplane.Attachment;
import dev.weft.agent.dataplane.DataPlaneException;
import dev.weft.agent.dataplane.DesiredNetwork;
import dev.weft.agent.dataplane.DesiredState;
import dev.weft.agent.dataplane.Names;
import dev.weft.agent.dataplane.RemoteEndpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LinuxDataPlane} over a scripted runner: what runs, in how many processes, and how failures surface. */
class LinuxDataPlaneTest {
  /** Answers every read with "nothing there" and fails the commands whose argv contains {@code failOn}. */
  static final class ScriptedRunner implements CommandRunner {
    final List<String> calls = new ArrayList<>();
    final String failOn;

    ScriptedRunner(String failOn) {
      this.failOn = failOn;
    }

    @Override
    public CommandResult run(List<String> argv, String stdin) {
      String call = String.join(" ", argv) + (stdin == null ? "" : " <<< " + stdin.strip().replace("\n", " ; "));
      calls.add(call);
      if (failOn != null && String.join(" ", argv).contains(failOn)) {
        return new CommandResult(argv, 1, "", "Cannot open network namespace: No such file or directory");
      }
      String out = argv.contains("-j") ? "[]\n[]\n" : "";
      return new CommandResult(argv, 0, out, "");
    }
  }

  static final DesiredState STATE = new DesiredState("10.0.0.1", 4800, List.of(new DesiredNetwork("a", 300,
      "10.200.0.0/24", 1400,
      List.of(new RemoteEndpoint("10.200.0.2", "02:57:0a:c8:00:02", "10.0.0.2"),
          new RemoteEndpoint("10.200.0.3", "02:57:0a:c8:00:03", "10.0.0.3")),
      List.of(new Attachment("c1", 1001, "10.200.0.10", 24, "02:57:0a:c8:00:0a"),
          new Attachment("c2", 1002, "10.200.0.11", 24, "02:57:0a:c8:00:0b")))));

  @Test
  void appliesANetworkInAHandfulOfProcesses() {
    ScriptedRunner runner = new ScriptedRunner(null);
    new LinuxDataPlane("h1", runner, WireGuardDevice::new).apply(STATE);
    // + 1: the first apply without encrypted networks removes a WireGuard interface a previous run may have left
    assertThat(runner.calls).hasSize(1 + 1 + 2 + 2 * 2 + 1);
    assertThat(runner.calls.get(runner.calls.size() - 1)).isEqualTo("ip link del " + new Names("h1").wireGuard());
    assertThat(runner.calls.get(0)).isEqualTo("ip -j -d -batch - <<< link show type vxlan ; netns list");
    assertThat(runner.calls.get(1)).startsWith("ip -force -batch - <<< netns add weft-h1-300 ; link add " + new Names("h1").vxlanInHost(300));
    assertThat(runner.calls.get(2)).startsWith("nsenter --net=/var/run/netns/weft-h1-300 ip -force -batch - <<< ");
    assertThat(runner.calls.get(3)).startsWith("nsenter --net=/var/run/netns/weft-h1-300 bridge -force -batch - <<< ");
    assertThat(runner.calls).contains("nsenter --net=/proc/1001/ns/net ip -force -batch - <<< "
        + "addr replace 10.200.0.10/24 dev wf300 ; link set wf300 up");
  }

  @Test
  void aFailedContainerStepSkipsOnlyItsAliasAndReportsStderr() {
    ScriptedRunner runner = new ScriptedRunner("/proc/1001/");
    LinuxDataPlane plane = new LinuxDataPlane("h1", runner, WireGuardDevice::new);
    assertThatThrownBy(() -> plane.apply(STATE)).isInstanceOf(DataPlaneException.class)
        .hasMessageContaining("[container pid 1001] nsenter --net=/proc/1001/ns/net ip -force -batch - exited 1: "
            + "Cannot open network namespace");
    String ve1 = Names.hostVeth("c1");
    String ve2 = Names.hostVeth("c2");
    assertThat(runner.calls).noneMatch(c -> c.contains("link set " + ve1 + " alias"));
    assertThat(runner.calls).anyMatch(c -> c.contains("link set " + ve2 + " alias"));
  }

  @Test
  void removeAllOnAnEmptyHostOnlyReads() {
    ScriptedRunner runner = new ScriptedRunner(null);
    new LinuxDataPlane("h1", runner, WireGuardDevice::new).removeAll();
    // the read, and the removal of the WireGuard interface (absent is fine)
    assertThat(runner.calls).hasSize(2);
  }

  @Test
  void invalidStateTouchesNothing() {
    ScriptedRunner runner = new ScriptedRunner(null);
    DesiredState bad = new DesiredState("10.0.0.1", 4800, List.of(new DesiredNetwork("a", 0, "x", 1400, List.of(),
        List.of())));
    assertThatThrownBy(() -> new LinuxDataPlane("h1", runner, WireGuardDevice::new).apply(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vni: 0");
    assertThat(runner.calls).isEmpty();
  }
}
