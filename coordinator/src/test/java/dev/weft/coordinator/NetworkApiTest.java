package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.net.Cidr;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every 2xx and 4xx of the network API over real HTTP against one real coordinator. Names are unique per test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkApiTest {
  TestCoordinator weft;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    weft = TestCoordinator.start(dataDir);
  }

  @AfterAll
  void stop() {
    if (weft != null) {
      weft.close();
    }
  }

  @Test
  void createsWithAllocatedSubnetAndVniFromTheDefaults() {
    TestCoordinator.Reply reply = weft.post("/v1/networks", "{\"name\":\"alloc\"}");
    assertThat(reply.status()).isEqualTo(201);
    JsonNode n = reply.json();
    assertThat(n.path("name").asText()).isEqualTo("alloc");
    assertThat(Cidr.parse("100.64.0.0/10").contains(Cidr.parse(n.path("subnet").asText()))).isTrue();
    assertThat(Cidr.parse(n.path("subnet").asText()).prefix()).isEqualTo(24);
    assertThat(n.path("vni").asInt()).isBetween(256, 4095);
    assertThat(n.path("blockPrefix").asInt()).isEqualTo(26);
  }

  @Test
  void createsWithEverythingGiven() {
    TestCoordinator.Reply reply = weft.post("/v1/networks", "{\"name\":\"given\",\"subnet\":\"10.77.0.0/16\","
        + "\"vni\":7000,\"mtu\":1400,\"encrypted\":true,\"labels\":{\"tier\":\"web\"}}");
    assertThat(reply.status()).isEqualTo(201);
    JsonNode n = reply.json();
    assertThat(n.path("subnet").asText()).isEqualTo("10.77.0.0/16");
    assertThat(n.path("vni").asInt()).isEqualTo(7000);
    assertThat(n.path("mtu").asInt()).isEqualTo(1400);
    assertThat(n.path("encrypted").asBoolean()).isTrue();
    assertThat(n.path("labels").path("tier").asText()).isEqualTo("web");

    assertThat(weft.get("/v1/networks/given").json()).isEqualTo(n);
    assertThat(weft.get("/v1/networks").json().findValuesAsText("name")).contains("given");
  }

  @Test
  void smallSubnetClampsTheBlockPrefix() {
    JsonNode n = weft.post("/v1/networks", "{\"name\":\"tiny\",\"subnet\":\"10.78.0.0/28\"}").json();
    assertThat(n.path("blockPrefix").asInt()).isEqualTo(28);
  }

  /** Issue 12: it was answered 201 with blockPrefix 24, the size of the subnet the pool gave. */
  @Test
  void blockLargerThanTheAllocatedSubnetIs400() {
    TestCoordinator.Reply reply = weft.post("/v1/networks", "{\"name\":\"wideblock\",\"blockPrefix\":8}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).isEqualTo("blockPrefix: 8 (expected: 24..30: without a subnet the network gets a /24 "
        + "from the pool 100.64.0.0/10; give a subnet of /8 or larger for /8 blocks)");
    assertThat(weft.get("/v1/networks/wideblock").status()).isEqualTo(404);
    JsonNode n = weft.post("/v1/networks", "{\"name\":\"wholeblock\",\"blockPrefix\":24}").json();
    assertThat(n.path("blockPrefix").asInt()).isEqualTo(24);
  }

  @Test
  void deleteAnswers204ThenTheNetworkIsGone() {
    assertThat(weft.post("/v1/networks", "{\"name\":\"doomed\"}").status()).isEqualTo(201);
    assertThat(weft.delete("/v1/networks/doomed").status()).isEqualTo(204);
    assertThat(weft.get("/v1/networks/doomed").status()).isEqualTo(404);
    assertThat(weft.delete("/v1/networks/doomed").status()).isEqualTo(404);
    // the name, subnet and VNI are free again
    assertThat(weft.post("/v1/networks", "{\"name\":\"doomed\"}").status()).isEqualTo(201);
  }

  @Test
  void unknownNetworkIs404WithJsonError() {
    TestCoordinator.Reply reply = weft.get("/v1/networks/nosuch");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).contains("nosuch");
    assertThat(weft.get("/v1/networks/nosuch/endpoints").status()).isEqualTo(404);
  }

  @Test
  void emptyEndpointList() {
    weft.post("/v1/networks", "{\"name\":\"quiet\"}");
    TestCoordinator.Reply reply = weft.get("/v1/networks/quiet/endpoints");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().isArray()).isTrue();
    assertThat(reply.json().size()).isZero();
  }

  @Test
  void duplicateNameIs409NamingIt() {
    weft.post("/v1/networks", "{\"name\":\"twice\"}");
    TestCoordinator.Reply reply = weft.post("/v1/networks", "{\"name\":\"twice\"}");
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.error()).contains("name").contains("twice");
  }

  @Test
  void overlappingSubnetIs409NamingTheOtherNetwork() {
    weft.post("/v1/networks", "{\"name\":\"wide\",\"subnet\":\"10.90.0.0/16\"}");
    TestCoordinator.Reply reply = weft.post("/v1/networks", "{\"name\":\"narrow\",\"subnet\":\"10.90.4.0/24\"}");
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.error()).contains("subnet").contains("wide");
    assertThat(weft.get("/v1/networks/narrow").status()).isEqualTo(404);
  }

  @Test
  void usedVniIs409NamingTheOtherNetwork() {
    weft.post("/v1/networks", "{\"name\":\"vni-a\",\"vni\":9001}");
    TestCoordinator.Reply reply = weft.post("/v1/networks", "{\"name\":\"vni-b\",\"vni\":9001}");
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.error()).contains("vni").contains("vni-a");
  }

  @Test
  void deleteWithABadForceValueIs400() {
    weft.post("/v1/networks", "{\"name\":\"forceful\"}");
    assertThat(weft.delete("/v1/networks/forceful?force=yes").status()).isEqualTo(400);
    assertThat(weft.delete("/v1/networks/forceful?force=true").status()).isEqualTo(204);
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"name\":", "body"),
        Arguments.of("not an object", "[1,2]", "body"),
        Arguments.of("trailing garbage", "{\"name\":\"a\"} x", "body"),
        Arguments.of("empty body", "", "body"),
        Arguments.of("missing name", "{}", "name"),
        Arguments.of("bad name", "{\"name\":\"Not_A_Label\"}", "name"),
        Arguments.of("name too long", "{\"name\":\"" + "a".repeat(64) + "\"}", "name"),
        Arguments.of("name of wrong type", "{\"name\":42}", "name"),
        Arguments.of("bad CIDR", "{\"name\":\"c1\",\"subnet\":\"10.0.0.0/33\"}", "subnet"),
        Arguments.of("not a CIDR", "{\"name\":\"c2\",\"subnet\":\"banana\"}", "subnet"),
        Arguments.of("host bits", "{\"name\":\"c3\",\"subnet\":\"10.0.0.1/24\"}", "subnet"),
        Arguments.of("subnet /30 too small", "{\"name\":\"c4\",\"subnet\":\"10.0.0.0/30\"}", "subnet"),
        Arguments.of("subnet of wrong type", "{\"name\":\"c5\",\"subnet\":1}", "subnet"),
        Arguments.of("vni 0", "{\"name\":\"v1\",\"vni\":0}", "vni"),
        Arguments.of("vni 16777216", "{\"name\":\"v2\",\"vni\":16777216}", "vni"),
        Arguments.of("vni as string", "{\"name\":\"v3\",\"vni\":\"300\"}", "vni"),
        Arguments.of("vni fractional", "{\"name\":\"v4\",\"vni\":300.5}", "vni"),
        Arguments.of("mtu out of range", "{\"name\":\"m1\",\"mtu\":100}", "mtu"),
        Arguments.of("encrypted as string", "{\"name\":\"e1\",\"encrypted\":\"yes\"}", "encrypted"),
        Arguments.of("labels not an object", "{\"name\":\"l1\",\"labels\":[]}", "labels"),
        Arguments.of("label value not a string", "{\"name\":\"l2\",\"labels\":{\"a\":1}}", "labels.a"),
        Arguments.of("unknown field", "{\"name\":\"u1\",\"colour\":\"red\"}", "colour"),
        Arguments.of("duplicate key", "{\"name\":\"d1\",\"name\":\"d2\"}", "body"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void badRequestsAre400NamingTheField(String what, String body, String field) {
    int before = weft.get("/v1/networks").json().size();
    TestCoordinator.Reply reply = weft.post("/v1/networks", body);
    assertThat(reply.status()).as(what).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/json");
    assertThat(reply.error()).as(what).startsWith(field + ":").contains("expected");
    assertThat(weft.get("/v1/networks").json().size()).as("nothing half-written").isEqualTo(before);
  }

  @Test
  void oversizedBodyIs413() {
    String body = "{\"name\":\"big\",\"labels\":{\"a\":\"" + "x".repeat(70 * 1024) + "\"}}";
    TestCoordinator.Reply reply = weft.post("/v1/networks", body);
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.error()).contains("too large");
    assertThat(weft.get("/v1/networks/big").status()).isEqualTo(404);
  }

  @Test
  void badNameInPathIs400() {
    assertThat(weft.get("/v1/networks/Bad_Name").status()).isEqualTo(400);
  }

  static Stream<Arguments> protectedRoutes() {
    return Stream.of(Arguments.of("GET", "/v1/networks"), Arguments.of("POST", "/v1/networks"),
        Arguments.of("GET", "/v1/networks/x"), Arguments.of("DELETE", "/v1/networks/x"),
        Arguments.of("GET", "/v1/networks/x/endpoints"), Arguments.of("GET", "/v1/hosts"),
        Arguments.of("GET", "/v1/hosts/h"), Arguments.of("GET", "/v1/nosuch"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("protectedRoutes")
  void v1NeedsTheAdminToken(String method, String path) {
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("{\"name\":\"sneaky\"}");
    TestCoordinator.Reply none = weft.send(HttpRequest.newBuilder(weft.uri(path)).method(method, body));
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.error()).contains("admin-token");
    TestCoordinator.Reply wrong = weft.send(HttpRequest.newBuilder(weft.uri(path))
        .header("Authorization", "Bearer nope").method(method, body));
    assertThat(wrong.status()).isEqualTo(401);
    TestCoordinator.Reply joinToken = weft.send(HttpRequest.newBuilder(weft.uri(path))
        .header("Authorization", "Bearer " + weft.coordinator().joinToken()).method(method, body));
    assertThat(joinToken.status()).isEqualTo(401);
    assertThat(weft.get("/v1/networks/sneaky").status()).isEqualTo(404);
  }

  @Test
  void healthMetricsAndOpenapiNeedNoToken() {
    TestCoordinator.Reply health = weft.send(HttpRequest.newBuilder(weft.uri("/health")));
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("ok");
    TestCoordinator.Reply metrics = weft.send(HttpRequest.newBuilder(weft.uri("/metrics")));
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("weft_hosts{status=\"up\"}", "weft_networks ", "weft_endpoints ",
        "weft_agents_connected ", "weft_messages_sent_total ", "weft_allocation_failures_total ");
    TestCoordinator.Reply openapi = weft.send(HttpRequest.newBuilder(weft.uri("/v1/openapi.yaml")));
    assertThat(openapi.status()).isEqualTo(200);
    assertThat(openapi.body()).startsWith("openapi: 3");
  }

  @Test
  void unknownHostIs404() {
    assertThat(weft.get("/v1/hosts/nosuch").status()).isEqualTo(404);
    assertThat(weft.get("/v1/hosts").status()).isEqualTo(200);
  }

  @Test
  void unknownRouteIsJson404AndWrongMethodJson405() {
    TestCoordinator.Reply reply = weft.get("/v1/nosuch");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).isNotBlank();
    TestCoordinator.Reply put = weft.send(weft.admin("/v1/networks").PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.error()).isNotBlank();
  }
}
