package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each command prints: aligned tables by default, the coordinator's JSON with --json. */
class OutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path dir;
  @RegisterExtension
  final FakeCoordinator fake = FakeCoordinator.answeringAll();

  private CliRun weft(String line) {
    return CliRun.run(Map.of("WEFT_COORDINATOR", fake.url(), "WEFT_TOKEN", "t0k"), dir, dir, CliRun.args(line));
  }

  static Stream<Arguments> tables() {
    return Stream.of(
        Arguments.of("network ls", """
            NAME   SUBNET          VNI    MTU    ENCRYPTED   BLOCK   LABELS
            blue   100.64.0.0/24   256    auto   no          /26     env=x,team=a
            red    100.65.0.0/24   4095   1400   yes         /28     -
            """),
        Arguments.of("network inspect blue", """
            name:         blue
            subnet:       100.64.0.0/24
            vni:          256
            mtu:          auto
            encrypted:    no
            block prefix: /26
            labels:       env=x,team=a
            created:      2026-11-27T21:00:00Z

            endpoints:
            IP            MAC                 HOST   CONTAINER      SERVICE
            100.64.0.2    02:57:64:40:00:02   h1     0123456789ab   -
            100.64.0.66   02:57:64:40:00:42   h2     abc            web
            """),
        Arguments.of("network create blue", """
            name:         blue
            subnet:       100.64.0.0/24
            vni:          256
            mtu:          auto
            encrypted:    no
            block prefix: /26
            labels:       env=x,team=a
            created:      2026-11-27T21:00:00Z
            """),
        Arguments.of("network rm blue", "removed network blue\n"),
        Arguments.of("host ls", """
            ID   STATUS   HOSTNAME   UNDERLAY    DOCKER     SWARM     LAST SEEN              ERRORS
            h1   up       node-1     10.77.0.1   20.10.24   manager   2026-11-27T21:02:00Z   0
            h2   down     node-2     10.77.0.2   20.10.24   -         2026-11-27T20:50:00Z   2
            h3   joined   -          -           -          -         -                      0
            """),
        Arguments.of("host inspect h1", """
            id:                  h1
            status:              up
            hostname:            node-1
            underlay:            10.77.0.1
            docker:              20.10.24
            swarm node:          n1
            swarm role:          manager
            agent:               0.1.0
            last seen:           2026-11-27T21:02:00Z
            wireguard:           wireguard-go on port 51820, tunnel address 198.18.0.1
            certificate expires: 2027-02-25T21:00:00Z

            interfaces:
            INTERFACE   MAC                 MTU    ADDRESSES
            eth0        aa:bb:cc:dd:ee:01   1500   10.77.0.1/24

            no errors
            """),
        Arguments.of("host inspect h2", """
            id:         h2
            status:     down
            hostname:   node-2
            underlay:   10.77.0.2
            docker:     20.10.24
            swarm node: -
            swarm role: -
            agent:      0.1.0
            last seen:  2026-11-27T20:50:00Z
            wireguard:  -

            errors:
              block pool of blue exhausted
              unknown network green
            """),
        Arguments.of("host rm h1", "removed host h1\n"),
        Arguments.of("service ls blue", """
            SERVICE   TASK   NODE   CONTAINER   ADDRESS      STATE      REASON
            web       t1     n1     c1          100.64.0.3   attached   -
            web       t2     n2     -           -            pending    agent down
            db        -      -      -           -            no tasks   -
            """),
        Arguments.of("service attach blue web", "attached service web to network blue\n"),
        Arguments.of("service detach blue web", "detached service web from network blue\n"),
        Arguments.of("join-token show", "SWMTKN-1-abc\n"),
        Arguments.of("join-token rotate", "SWMTKN-1-abc\n"),
        Arguments.of("ca show",
            "current sha256:aa  CN=Weft cluster CA 1,O=Weft  until 2036-01-01T00:00:00Z  1 host(s)\n"
            + "next    sha256:bb  CN=Weft cluster CA 2,O=Weft  until 2036-06-01T00:00:00Z  2 host(s)\n"));
  }

  @ParameterizedTest(name = "weft {0}")
  @MethodSource("tables")
  void printsHumanOutput(String line, String expected) {
    CliRun run = weft(line);

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo(expected);
  }

  static Stream<Arguments> jsons() {
    return Stream.of(
        Arguments.of("network ls --json", Fixtures.NETWORKS),
        Arguments.of("network inspect blue --json", Fixtures.BLUE),
        Arguments.of("network create blue --json", Fixtures.BLUE),
        Arguments.of("host ls --json", Fixtures.HOSTS),
        Arguments.of("host inspect h2 --json", Fixtures.H2),
        Arguments.of("service ls blue --json", Fixtures.SERVICES),
        Arguments.of("service attach blue web --json", "{\"network\":\"blue\",\"service\":\"web\"}"),
        Arguments.of("join-token show --json", Fixtures.TOKEN),
        Arguments.of("join-token rotate --json", Fixtures.TOKEN),
        Arguments.of("ca show --json", Fixtures.CA));
  }

  @ParameterizedTest(name = "weft {0}")
  @MethodSource("jsons")
  void printsTheCoordinatorsJsonUnchangedButIndented(String line, String answer) throws Exception {
    CliRun run = weft(line);

    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(JSON.readTree(run.out())).isEqualTo(JSON.readTree(answer));
    assertThat(run.out()).endsWith("\n");
  }

  @ParameterizedTest(name = "weft {0}")
  @MethodSource("silentWithJson")
  void printsNothingForAnEmptyAnswerWithJson(String line) {
    CliRun run = weft(line);

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEmpty();
  }

  static Stream<String> silentWithJson() {
    return Stream.of("network rm blue --json", "host rm h1 --json", "service detach blue web --json");
  }

  @Test
  void saysSoWhenThereIsNothing() {
    fake.answer("GET", "/v1/networks", 200, "[]").answer("GET", "/v1/hosts", 200, "[]")
        .answer("GET", "/v1/networks/blue/services", 200, "[]")
        .answer("GET", "/v1/networks/blue/endpoints", 200, "[]");

    assertThat(weft("network ls").out()).isEqualTo("no networks\n");
    assertThat(weft("host ls").out()).isEqualTo("no hosts\n");
    assertThat(weft("service ls blue").out()).isEqualTo("no services attached\n");
    assertThat(weft("network inspect blue").out()).endsWith("\nno endpoints\n");
    assertThat(weft("network ls --json").out()).isEqualTo("[ ]\n");
  }

  @Test
  void attachingAgainSaysNothingChanged() {
    fake.answer("PUT", "/v1/networks/blue/services/web", 200, "{\"network\":\"blue\",\"service\":\"web\"}");

    CliRun run = weft("service attach blue web");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("service web was already attached to network blue\n");
  }

  @Test
  void rotateKeepsStdoutToTheTokenAlone() {
    CliRun run = weft("join-token rotate");

    assertThat(run.out()).isEqualTo("SWMTKN-1-abc\n");
    assertThat(run.err()).startsWith("weft: a new join token is in effect");
  }

  @Test
  void completionIsABashScriptCoveringEveryCommand() {
    CliRun run = CliRun.run(Map.of(), dir, dir, "completion");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("complete -F", "weft")
        .contains("network", "host", "service", "join-token", "attach", "detach", "rotate", "--block-prefix");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void versionAndHelpNeedNoCoordinator() {
    CliRun version = CliRun.run(Map.of(), dir, dir, "--version");
    CliRun help = CliRun.run(Map.of(), dir, dir, "network", "create", "--help");

    assertThat(version.exit()).isZero();
    assertThat(version.out()).matches("weft \\d+\\.\\d+\\.\\d+.*\n");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: weft network create", "--subnet=CIDR", "Exit codes:");
    assertThat(CliRun.run(Map.of(), dir, dir, "help", "network").out())
        .isEqualTo(CliRun.run(Map.of(), dir, dir, "network", "--help").out());
  }
}
