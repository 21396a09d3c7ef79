package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each command line makes exactly the documented calls: method, path, query, body and headers. */
class RequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path dir;
  @RegisterExtension
  final FakeCoordinator fake = FakeCoordinator.answeringAll();

  static Stream<Arguments> commands() {
    return Stream.of(
        Arguments.of("network create blue", List.of("POST /v1/networks"), "{\"name\":\"blue\"}"),
        Arguments.of("network create blue --subnet 100.70.0.0/24 --vni 300 --mtu 1400 --encrypted "
                + "--label team=a --label env=x --block-prefix 28", List.of("POST /v1/networks"),
            "{\"name\":\"blue\",\"subnet\":\"100.70.0.0/24\",\"vni\":300,\"mtu\":1400,\"encrypted\":true,"
                + "\"labels\":{\"team\":\"a\",\"env\":\"x\"},\"blockPrefix\":28}"),
        Arguments.of("network create blue --label=url=http://x/?a=b", List.of("POST /v1/networks"),
            "{\"name\":\"blue\",\"labels\":{\"url\":\"http://x/?a=b\"}}"),
        Arguments.of("network ls", List.of("GET /v1/networks"), null),
        Arguments.of("network list --json", List.of("GET /v1/networks"), null),
        Arguments.of("network inspect blue", List.of("GET /v1/networks/blue", "GET /v1/networks/blue/endpoints"), null),
        Arguments.of("network inspect blue --json", List.of("GET /v1/networks/blue"), null),
        Arguments.of("network rm blue", List.of("DELETE /v1/networks/blue"), null),
        Arguments.of("network rm blue --force", List.of("DELETE /v1/networks/blue?force=true"), null),
        Arguments.of("host ls", List.of("GET /v1/hosts"), null),
        Arguments.of("host inspect h1", List.of("GET /v1/hosts/h1"), null),
        Arguments.of("host rm h1", List.of("DELETE /v1/hosts/h1"), null),
        Arguments.of("service attach blue web", List.of("PUT /v1/networks/blue/services/web"), null),
        Arguments.of("service detach blue web", List.of("DELETE /v1/networks/blue/services/web"), null),
        Arguments.of("service ls blue", List.of("GET /v1/networks/blue/services"), null),
        Arguments.of("join-token show", List.of("GET /v1/join-token"), null),
        Arguments.of("join-token rotate", List.of("POST /v1/join-token/rotate"), null),
        Arguments.of("ca show", List.of("GET /v1/ca"), null),
        Arguments.of("ca rotate", List.of("POST /v1/ca/rotate"), null),
        Arguments.of("ca retire", List.of("POST /v1/ca/retire"), null),
        Arguments.of("ca retire --force", List.of("POST /v1/ca/retire?force=true"), null),
        // global options work before and after the subcommand
        Arguments.of("--json network ls", List.of("GET /v1/networks"), null),
        Arguments.of("network --json ls", List.of("GET /v1/networks"), null));
  }

  @ParameterizedTest(name = "weft {0}")
  @MethodSource("commands")
  void makesTheDocumentedCalls(String line, List<String> calls, String body) throws Exception {
    CliRun run = CliRun.run(Map.of("WEFT_COORDINATOR", fake.url(), "WEFT_TOKEN", "t0k"), dir, dir,
        CliRun.args(line));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(fake.requests()).extracting(FakeCoordinator.Request::line).containsExactlyElementsOf(calls);
    for (FakeCoordinator.Request request : fake.requests()) {
      assertThat(request.headers()).containsEntry("authorization", "Bearer t0k")
          .containsEntry("accept", "application/json");
      assertThat(request.headers().get("user-agent")).startsWith("weft-cli/");
    }
    FakeCoordinator.Request first = fake.requests().get(0);
    if (body == null) {
      assertThat(first.body()).isEmpty();
      assertThat(first.headers()).doesNotContainKey("content-type");
    } else {
      assertThat(JSON.readTree(first.body())).isEqualTo(JSON.readTree(body));
      assertThat(first.headers()).containsEntry("content-type", "application/json");
    }
  }

  @ParameterizedTest(name = "host inspect {0}")
  @MethodSource("names")
  void namesAreOneEncodedPathSegment(String id, String path) {
    CliRun run = CliRun.run(Map.of("WEFT_COORDINATOR", fake.url()), dir, dir, "host", "inspect", id);

    assertThat(fake.requests()).extracting(FakeCoordinator.Request::path).containsExactly(path);
    assertThat(run.exit()).isIn(0, 3);
  }

  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of("a/b c", "/v1/hosts/a%2Fb%20c"),
        Arguments.of("../networks", "/v1/hosts/..%2Fnetworks"),
        Arguments.of("x?force=true", "/v1/hosts/x%3Fforce%3Dtrue"),
        Arguments.of("..", "/v1/hosts/%2E%2E"),
        Arguments.of("node-1.example", "/v1/hosts/node-1.example"));
  }
}
