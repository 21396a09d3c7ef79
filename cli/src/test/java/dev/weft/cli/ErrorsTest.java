package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The server's message on stderr as {@code weft: <message>}, and the documented exit code, nothing on stdout. */
class ErrorsTest {
  @TempDir
  Path dir;
  private FakeCoordinator fake;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeCoordinator();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private CliRun weft(Map<String, String> env, String line) {
    return CliRun.run(env, dir, dir, CliRun.args(line));
  }

  static Stream<Arguments> serverErrors() {
    return Stream.of(
        Arguments.of("network inspect blue", "GET", "/v1/networks/blue", 404,
            "{\"error\":\"network \\\"blue\\\" not found\"}",
            ExitCodes.NOT_FOUND, "weft: network \"blue\" not found\n"),
        Arguments.of("network create blue", "POST", "/v1/networks", 409,
            "{\"error\":\"name: \\\"blue\\\" (expected: a name no other network has; it exists)\"}",
            ExitCodes.CONFLICT, "weft: name: \"blue\" (expected: a name no other network has; it exists)\n"),
        Arguments.of("network create blue --vni 1", "POST", "/v1/networks", 400,
            "{\"error\":\"vni: 1 (expected: 256..4095)\"}", ExitCodes.FAILED, "weft: vni: 1 (expected: 256..4095)\n"),
        Arguments.of("network rm blue", "DELETE", "/v1/networks/blue", 409,
            "{\"error\":\"network blue has 2 endpoints\"}", ExitCodes.CONFLICT,
            "weft: network blue has 2 endpoints (use --force to remove it anyway)\n"),
        Arguments.of("network rm blue --force", "DELETE", "/v1/networks/blue?force=true", 409,
            "{\"error\":\"store busy\"}", ExitCodes.CONFLICT, "weft: store busy\n"),
        Arguments.of("host ls", "GET", "/v1/hosts", 401, "{\"error\":\"bad token\"}", ExitCodes.UNAUTHORIZED,
            "weft: bad token (the token from WEFT_TOKEN was refused)\n"),
        Arguments.of("host rm h1", "DELETE", "/v1/hosts/h1", 403, "{\"error\":\"read-only token\"}",
            ExitCodes.UNAUTHORIZED, "weft: read-only token\n"),
        Arguments.of("network ls", "GET", "/v1/networks", 503,
            "{\"error\":\"the store is unavailable; nothing was changed, retry later\"}", ExitCodes.FAILED,
            "weft: the store is unavailable; nothing was changed, retry later\n"),
        Arguments.of("network ls", "GET", "/v1/networks", 502, "<html>\n  Bad Gateway\n</html>", ExitCodes.FAILED,
            "weft: HTTP 502: <html> Bad Gateway </html>\n"),
        Arguments.of("network ls", "GET", "/v1/networks", 500, "", ExitCodes.FAILED, "weft: HTTP 500\n"),
        Arguments.of("network ls", "GET", "/v1/networks", 200, "{\"not\":\"a list\"}", ExitCodes.FAILED,
            null),
        Arguments.of("join-token show", "GET", "/v1/join-token", 200, "{}", ExitCodes.FAILED,
            "weft: unexpected answer to GET /v1/join-token: no token (use --json to see it)\n"));
  }

  @ParameterizedTest(name = "weft {0} answered {3}")
  @MethodSource("serverErrors")
  void showsTheServersMessageWithItsExitCode(String line, String method, String path, int status, String body,
                                             int exit, String err) {
    fake.answer(method, path, status, body);

    CliRun run = weft(Map.of("WEFT_COORDINATOR", fake.url(), "WEFT_TOKEN", "t0k"), line);

    assertThat(run.exit()).isEqualTo(exit);
    assertThat(run.out()).isEmpty();
    if (err != null) {
      assertThat(run.err()).isEqualTo(err);
    } else {
      assertThat(run.err()).startsWith("weft: unexpected answer to " + method + " " + path + ": ")
          .endsWith("(use --json to see it)\n");
    }
  }

  @ParameterizedTest(name = "weft {0}")
  @MethodSource("routesNotYetBuilt")
  void routesTheServerLacksShowItsNotFound(String line, String call) {
    CliRun run = weft(Map.of("WEFT_COORDINATOR", fake.url(), "WEFT_TOKEN", "t0k"), line);

    assertThat(run.exit()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(run.err()).isEqualTo("weft: no such resource: " + call + "\n");
  }

  static Stream<Arguments> routesNotYetBuilt() {
    return Stream.of(
        Arguments.of("join-token show", "GET /v1/join-token"),
        Arguments.of("join-token rotate", "POST /v1/join-token/rotate"),
        Arguments.of("service attach blue web", "PUT /v1/networks/blue/services/web"),
        Arguments.of("service ls blue", "GET /v1/networks/blue/services"),
        Arguments.of("host rm h1", "DELETE /v1/hosts/h1"));
  }

  @Test
  void withoutAnyTokenThe401SaysWhereOneCanComeFrom() {
    fake.answer("GET", "/v1/networks", 401, "{\"error\":\"/v1 needs Authorization: Bearer <admin-token>\"}");

    CliRun run = weft(Map.of("WEFT_COORDINATOR", fake.url()), "network ls");

    assertThat(run.exit()).isEqualTo(ExitCodes.UNAUTHORIZED);
    assertThat(fake.requests().get(0).headers()).doesNotContainKey("authorization");
    assertThat(run.err()).startsWith("weft: /v1 needs Authorization: Bearer <admin-token> (no token found: pass "
        + "--token, set WEFT_TOKEN, put token= in the config file");
  }

  @Test
  void aCoordinatorThatIsNotThereIsExitSixNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    CliRun run = weft(Map.of(), "--coordinator 127.0.0.1:" + port + " network ls");

    assertThat(run.exit()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("weft: cannot reach coordinator at https://127.0.0.1:" + port
        + ": connection refused (coordinator from --coordinator)\n");
  }

  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of("",
            "weft: missing command (expected one of: network, host, service, join-token, ca, completion, help)"),
        Arguments.of("network", "weft: missing command (expected one of: create, ls, list, inspect, rm, remove)"),
        Arguments.of("network create", "weft: Missing required parameter: 'NAME'"),
        Arguments.of("network create blue --vni many", "weft: Invalid value for option '--vni': 'many' is not an int"),
        Arguments.of("network create blue --label team", "weft: --label: \"team\" (expected: KEY=VALUE)"),
        Arguments.of("network create blue --label =x", "weft: --label: \"=x\" (expected: KEY=VALUE)"),
        Arguments.of("network inspect", "weft: Missing required parameter: 'NAME'"),
        Arguments.of("network inspect a b", "weft: Unmatched argument at index 3: 'b'"),
        Arguments.of("service attach blue", "weft: Missing required parameter: 'SERVICE'"),
        Arguments.of("netwrk ls", "weft: Unmatched arguments from index 0: 'netwrk', 'ls'"),
        Arguments.of("network ls --jsn", "weft: Unknown option: '--jsn'"),
        Arguments.of("--coordinator ftp://x network ls",
            "weft: coordinator from --coordinator: \"ftp://x\" (expected: a URL like https://HOST:7700)"),
        Arguments.of("--config missing.conf network ls", "weft: --config: "));
  }

  @ParameterizedTest(name = "weft {0}")
  @MethodSource("usageErrors")
  void usageErrorsAreExitTwoAndCallNothing(String line, String firstLine) {
    CliRun run = weft(Map.of("WEFT_COORDINATOR", fake.url()), line);

    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().findFirst()).hasValueSatisfying(l -> assertThat(l).startsWith(firstLine));
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aMistypedCommandGetsASuggestion() {
    CliRun run = weft(Map.of(), "network inspekt blue");

    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("inspect").contains("see 'weft network --help'");
  }
}
