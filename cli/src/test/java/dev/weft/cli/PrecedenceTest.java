package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Config precedence seen from the wire: which token reaches the coordinator. */
class PrecedenceTest {
  @TempDir
  Path home;
  @TempDir
  Path cwd;
  @RegisterExtension
  final FakeCoordinator fake = FakeCoordinator.answeringAll();

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of("--token flag", "env", "file", "default", "Bearer flag"),
        Arguments.of(null, "env", "file", "default", "Bearer env"),
        Arguments.of(null, null, "file", "default", "Bearer file"),
        Arguments.of(null, null, null, "default", "Bearer default"),
        Arguments.of(null, null, null, null, null));
  }

  @ParameterizedTest(name = "flag={0} env={1} file={2} default={3}")
  @MethodSource("rows")
  void theFirstTokenFoundIsSent(String flag, String env, String file, String dflt, String header) throws Exception {
    // the URL comes from the config file in every row but the first, where the flag names it
    Files.createDirectories(home.resolve(".config/weft"));
    Files.writeString(home.resolve(".config/weft/config"),
        "coordinator=" + fake.url() + "\n" + (file == null ? "" : "token=" + file + "\n"));
    if (dflt != null) {
      Files.createDirectories(cwd.resolve("weft-data"));
      Files.writeString(cwd.resolve("weft-data/admin-token"), dflt + "\n");
    }
    Map<String, String> environment = new HashMap<>();
    if (env != null) {
      environment.put("WEFT_TOKEN", env);
    }
    String line = (flag == null ? "" : flag + " --coordinator " + fake.url() + " ") + "network ls";

    CliRun run = CliRun.run(environment, home, cwd, CliRun.args(line));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(fake.requests().get(0).headers().get("authorization")).isEqualTo(header);
  }
}
