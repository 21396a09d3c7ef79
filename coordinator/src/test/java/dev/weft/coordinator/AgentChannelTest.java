package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Peer;
import dev.weft.common.net.Macs;
import dev.weft.common.table.NetworkTable;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import java.net.http.HttpRequest;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fake agents over real WebSockets against a real coordinator. */
class AgentChannelTest {
  @TempDir
  Path dataDir;
  TestCoordinator weft;
  final List<FakeAgent> agents = new ArrayList<>();

  @BeforeEach
  void start() {
    weft = TestCoordinator.start(dataDir);
  }

  @AfterEach
  void stop() {
    agents.forEach(FakeAgent::close);
    if (weft != null) {
      weft.close();
    }
  }

  FakeAgent agent(String id, String underlay) {
    FakeAgent agent = new FakeAgent(id, underlay).connect(weft.agentUri(), weft.coordinator().joinToken());
    agents.add(agent);
    return agent;
  }

  static Endpoint endpoint(String network, String host, String ip, String container) {
    return new Endpoint(network, host, ip, Macs.forIp(ip), container, null);
  }

  @Test
  void registerSnapshotDeltaGapAndReconnect() {
    assertThat(weft.post("/v1/networks", "{\"name\":\"blue\",\"subnet\":\"10.20.0.0/24\"}").status()).isEqualTo(201);

    FakeAgent a = agent("host-a", "192.0.2.1");
    a.register(List.of());
    ToAgent.Welcome welcome = a.next(ToAgent.Welcome.class);
    assertThat(welcome.hostId()).isEqualTo("host-a");
    assertThat(welcome.epoch()).isEqualTo(weft.coordinator().epoch());
    // the catalog follows store events, so a first catalog may predate the creation; one with "blue" follows
    assertThat(a.next(ToAgent.Networks.class, n -> !n.networks().isEmpty()).networks()).extracting("name")
        .containsExactly("blue");

    a.send(new ToCoordinator.BlockRequest("r1", "blue", List.of()));
    ToAgent.BlockGrant grantA = a.next(ToAgent.BlockGrant.class);
    assertThat(grantA.requestId()).isEqualTo("r1");
    assertThat(grantA.block()).isEqualTo("10.20.0.0/26");
    ToAgent.TableSnapshot first = a.next(ToAgent.TableSnapshot.class);
    assertThat(first.network()).isEqualTo("blue");
    Eventually.until("a is its own peer", () -> a.table("blue").peers().values(),
        peers -> peers.contains(new Peer("host-a", "192.0.2.1")));

    FakeAgent b = agent("host-b", "192.0.2.2");
    b.register(List.of());
    b.next(ToAgent.Welcome.class);
    b.send(new ToCoordinator.BlockRequest("r2", "blue", List.of()));
    assertThat(b.next(ToAgent.BlockGrant.class).block()).isEqualTo("10.20.0.64/26");
    b.next(ToAgent.TableSnapshot.class);
    a.next(ToAgent.TableDelta.class, d -> d.peersAdded().contains(new Peer("host-b", "192.0.2.2")));

    Endpoint web = endpoint("blue", "host-b", "10.20.0.66", "c-web");
    b.send(new ToCoordinator.EndpointAdd(web));
    ToAgent.TableDelta added = a.next(ToAgent.TableDelta.class, d -> !d.endpointsAdded().isEmpty());
    assertThat(added.endpointsAdded()).containsExactly(web);
    assertThat(a.table("blue").endpoints()).containsKey("10.20.0.66");
    assertThat(a.table("blue").peers()).containsOnlyKeys("host-a", "host-b");
    assertThat(a.gaps()).isEmpty();

    JsonNode listed = weft.get("/v1/networks/blue/endpoints").json();
    assertThat(listed.size()).isEqualTo(1);
    assertThat(listed.get(0).path("host").asText()).isEqualTo("host-b");
    assertThat(listed.get(0).path("mac").asText()).isEqualTo("02:57:0a:14:00:42");
    assertThat(listed.get(0).path("container").asText()).isEqualTo("c-web");
    JsonNode hostB = weft.get("/v1/hosts/host-b").json();
    assertThat(hostB.path("status").asText()).isEqualTo("up");
    assertThat(hostB.path("underlayAddress").asText()).isEqualTo("192.0.2.2");
    assertThat(hostB.path("dockerVersion").asText()).isEqualTo("27.3.1");
    assertThat(hostB.path("lastSeen").asText()).isNotBlank();

    // A forced gap: the agent drops its table and asks; the snapshot has everything.
    a.forget("blue");
    ToAgent.TableSnapshot again = a.next(ToAgent.TableSnapshot.class);
    assertThat(again.version()).isEqualTo(added.version());
    assertThat(a.table("blue").endpoints()).containsKey("10.20.0.66");

    // A reconnect gets the welcome, the catalog and a snapshot of every network the host takes part in.
    a.disconnect();
    FakeAgent a2 = agent("host-a", "192.0.2.1");
    a2.register(List.of());
    a2.next(ToAgent.Welcome.class);
    a2.next(ToAgent.Networks.class);
    ToAgent.TableSnapshot resumed = a2.next(ToAgent.TableSnapshot.class);
    assertThat(resumed.network()).isEqualTo("blue");
    assertThat(resumed.endpoints()).containsExactly(web);

    // And later deltas reach the new connection.
    b.send(new ToCoordinator.EndpointRemove("blue", "10.20.0.66"));
    ToAgent.TableDelta removed = a2.next(ToAgent.TableDelta.class, d -> !d.endpointsRemoved().isEmpty());
    assertThat(removed.endpointsRemoved()).containsExactly("10.20.0.66");
    assertThat(removed.version()).isEqualTo(resumed.version() + 1);
  }

  @Test
  void agentHoldingTheCurrentContentResumesWithoutSnapshot() {
    weft.post("/v1/networks", "{\"name\":\"blue\"}");
    FakeAgent a = agent("host-a", "192.0.2.1");
    a.register(List.of());
    a.send(new ToCoordinator.BlockRequest("r1", "blue", List.of()));
    a.next(ToAgent.BlockGrant.class);
    ToAgent.TableSnapshot snapshot = a.next(ToAgent.TableSnapshot.class);
    a.disconnect();

    FakeAgent again = agent("host-a", "192.0.2.1");
    String digest = dev.weft.common.table.NetworkTable.fromSnapshot(snapshot).digest().toString();
    again.send(new ToCoordinator.Register(again.report(), List.of(), java.util.Map.of("blue", digest)));
    again.next(ToAgent.Welcome.class);
    again.next(ToAgent.Networks.class);
    ToAgent.Resume resume = again.next(ToAgent.Resume.class);
    assertThat(resume.tables()).containsExactly(new ToAgent.ResumedTable("blue", snapshot.version(), digest));
    again.send(new ToCoordinator.BlockRequest("r2", "blue", List.of()));
    again.next(ToAgent.BlockGrant.class);
    assertThat(again.seen()).noneMatch(m -> m instanceof ToAgent.TableSnapshot);
  }

  @Test
  void endpointAddsAreValidated() {
    weft.post("/v1/networks", "{\"name\":\"blue\",\"subnet\":\"10.20.0.0/24\"}");
    FakeAgent a = agent("host-a", "192.0.2.1");
    a.register(List.of());
    a.send(new ToCoordinator.BlockRequest("r1", "blue", List.of()));
    a.next(ToAgent.BlockGrant.class);
    FakeAgent b = agent("host-b", "192.0.2.2");
    b.register(List.of());
    b.send(new ToCoordinator.BlockRequest("r2", "blue", List.of()));
    b.next(ToAgent.BlockGrant.class);

    a.send(new ToCoordinator.EndpointAdd(endpoint("blue", "host-a", "10.20.0.70", "c1")));
    assertThat(a.next(ToAgent.Error.class).code()).isEqualTo("bad-request"); // in host-b's block
    a.send(new ToCoordinator.EndpointAdd(new Endpoint("blue", "host-a", "10.20.0.5", "zz:zz", "c1", null)));
    assertThat(a.next(ToAgent.Error.class).message()).contains("mac");
    a.send(new ToCoordinator.EndpointAdd(endpoint("red", "host-a", "10.20.0.5", "c1")));
    assertThat(a.next(ToAgent.Error.class).code()).isEqualTo("unknown-network");
    a.send(new ToCoordinator.EndpointAdd(endpoint("blue", "host-a", "10.20.0.0", "c1")));
    assertThat(a.next(ToAgent.Error.class).message()).contains("10.20.0.0"); // network address
    a.sendRaw("{\"type\":\"no-such-message\"}");
    assertThat(a.next(ToAgent.Error.class).code()).isEqualTo("bad-request");
    a.send(new ToCoordinator.BlockRequest("r3", "red", List.of()));
    ToAgent.Error unknown = a.next(ToAgent.Error.class);
    assertThat(unknown.requestId()).isEqualTo("r3");
    assertThat(unknown.code()).isEqualTo("unknown-network");

    // a valid one is accepted; the same address from another host's message still belongs to host-a
    a.send(new ToCoordinator.EndpointAdd(endpoint("blue", "host-a", "10.20.0.5", "c1")));
    Eventually.until("endpoint stored", () -> weft.get("/v1/networks/blue/endpoints").json().size(), n -> n == 1);
    b.send(new ToCoordinator.EndpointRemove("blue", "10.20.0.5"));
    assertThat(b.next(ToAgent.Error.class).code()).isEqualTo("conflict");
    assertThat(weft.get("/v1/networks/blue/endpoints").json().size()).isEqualTo(1);
  }

  @Test
  void wrongJoinTokenIsRefusedWith401BeforeTheUpgrade() {
    for (String token : List.of("wrong", weft.coordinator().adminToken())) {
      assertThatThrownBy(() -> new FakeAgent("x", "192.0.2.9").connect(weft.agentUri(), token))
          .isInstanceOf(CompletionException.class)
          .cause().isInstanceOf(WebSocketHandshakeException.class)
          .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
    }
    TestCoordinator.Reply plain = weft.send(HttpRequest.newBuilder(weft.uri("/v1/agent")));
    assertThat(plain.status()).isEqualTo(401);
  }

  @Test
  void firstMessageMustBeARegistration() {
    FakeAgent a = agent("host-a", "192.0.2.1");
    a.send(new ToCoordinator.Heartbeat());
    assertThat(a.next(ToAgent.Error.class).message()).contains("register");
    FakeAgent b = agent("host-b", "192.0.2.2");
    b.send(new ToCoordinator.Register(new dev.weft.common.model.HostReport("bad id!", "h", "192.0.2.2", null,
        null, null, null, null, null), List.of(), null));
    assertThat(b.next(ToAgent.Error.class).message()).contains("hostId");
    assertThat(weft.get("/v1/hosts").json().size()).isZero();
  }

  @Test
  void deletingANetworkWithEndpointsNeedsForceAndTellsTheAgents() {
    weft.post("/v1/networks", "{\"name\":\"blue\"}");
    weft.post("/v1/networks", "{\"name\":\"green\"}");
    FakeAgent a = agent("host-a", "192.0.2.1");
    a.register(List.of());
    a.send(new ToCoordinator.BlockRequest("r1", "blue", List.of()));
    String block = a.next(ToAgent.BlockGrant.class).block();
    String ip = block.substring(0, block.lastIndexOf('.')) + ".10";
    a.send(new ToCoordinator.EndpointAdd(endpoint("blue", "host-a", ip, "c1")));
    Eventually.until("endpoint stored", () -> weft.get("/v1/networks/blue/endpoints").json().size(), n -> n == 1);

    TestCoordinator.Reply refused = weft.delete("/v1/networks/blue");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.error()).contains("endpoint").contains("force=true");
    assertThat(weft.get("/v1/networks/blue").status()).isEqualTo(200);

    assertThat(weft.delete("/v1/networks/blue?force=true").status()).isEqualTo(204);
    ToAgent.Networks catalog = a.next(ToAgent.Networks.class,
        n -> n.networks().stream().noneMatch(network -> network.name().equals("blue")));
    assertThat(catalog.networks()).extracting("name").containsExactly("green");
    assertThat(weft.get("/v1/networks/blue/endpoints").status()).isEqualTo(404);
    // everything of it went: the name and the subnet are free, and a new "blue" starts with no endpoints
    assertThat(weft.post("/v1/networks", "{\"name\":\"blue\"}").status()).isEqualTo(201);
    assertThat(weft.get("/v1/networks/blue/endpoints").json().size()).isZero();
  }

  @Test
  void blockExhaustionReachesTheAgentTheHostAndTheMetrics() {
    weft.post("/v1/networks", "{\"name\":\"tiny\",\"subnet\":\"10.30.0.0/28\"}");
    FakeAgent a = agent("host-a", "192.0.2.1");
    a.register(List.of());
    a.send(new ToCoordinator.BlockRequest("r1", "tiny", List.of()));
    assertThat(a.next(ToAgent.BlockGrant.class).block()).isEqualTo("10.30.0.0/28");
    FakeAgent b = agent("host-b", "192.0.2.2");
    b.register(List.of());
    b.send(new ToCoordinator.BlockRequest("r2", "tiny", List.of()));
    ToAgent.Error error = b.next(ToAgent.Error.class);
    assertThat(error.requestId()).isEqualTo("r2");
    assertThat(error.code()).isEqualTo("pool-exhausted");
    assertThat(error.message()).contains("tiny");

    JsonNode host = weft.get("/v1/hosts/host-b").json();
    assertThat(host.path("errors").toString()).contains("pool-exhausted");
    assertThat(weft.send(HttpRequest.newBuilder(weft.uri("/metrics"))).body())
        .contains("weft_allocation_failures_total 1");
  }

  @Test
  void moreBlocksWhenFullAndRegisterMakesStoredEndpointsEqualTheAgents() {
    weft.post("/v1/networks", "{\"name\":\"blue\",\"subnet\":\"10.20.0.0/24\"}");
    FakeAgent a = agent("host-a", "192.0.2.1");
    a.register(List.of());
    a.send(new ToCoordinator.BlockRequest("r1", "blue", List.of()));
    assertThat(a.next(ToAgent.BlockGrant.class).block()).isEqualTo("10.20.0.0/26");
    a.send(new ToCoordinator.BlockRequest("r2", "blue", List.of()));
    assertThat(a.next(ToAgent.BlockGrant.class).block()).isEqualTo("10.20.0.0/26");
    a.send(new ToCoordinator.BlockRequest("r3", "blue", List.of("10.20.0.0/26")));
    ToAgent.BlockGrant more = a.next(ToAgent.BlockGrant.class);
    assertThat(more.block()).isEqualTo("10.20.0.64/26");
    assertThat(more.owned()).containsExactlyInAnyOrder("10.20.0.0/26", "10.20.0.64/26");

    a.send(new ToCoordinator.EndpointAdd(endpoint("blue", "host-a", "10.20.0.2", "old")));
    Eventually.until("endpoint stored", () -> weft.get("/v1/networks/blue/endpoints").json().size(), n -> n == 1);
    a.disconnect();

    FakeAgent again = agent("host-a", "192.0.2.1");
    again.register(List.of(endpoint("blue", "host-a", "10.20.0.3", "new"),
        endpoint("blue", "host-a", "10.20.1.3", "outside")));
    assertThat(again.next(ToAgent.Error.class).message()).contains("10.20.1.3");
    JsonNode listed = Eventually.until("stored endpoints follow the agent",
        () -> weft.get("/v1/networks/blue/endpoints").json(),
        l -> l.size() == 1 && l.get(0).path("ip").asText().equals("10.20.0.3"));
    assertThat(listed.get(0).path("container").asText()).isEqualTo("new");
  }

  @Test
  void metricsCountAgentsEndpointsAndTableVersions() {
    weft.post("/v1/networks", "{\"name\":\"blue\",\"subnet\":\"10.20.0.0/24\"}");
    FakeAgent a = agent("host-a", "192.0.2.1");
    a.register(List.of());
    a.send(new ToCoordinator.BlockRequest("r1", "blue", List.of()));
    a.next(ToAgent.BlockGrant.class);
    a.send(new ToCoordinator.EndpointAdd(endpoint("blue", "host-a", "10.20.0.9", "c")));
    // Events of different maps may arrive in any order, so the version reached is 1 or 2; the agent's matches.
    NetworkTable table = Eventually.until("the agent's table has the endpoint", () -> a.table("blue"),
        t -> t != null && t.endpoints().containsKey("10.20.0.9"));
    String metrics = weft.send(HttpRequest.newBuilder(weft.uri("/metrics"))).body();
    assertThat(metrics).contains("weft_agents_connected 1", "weft_hosts{status=\"up\"} 1", "weft_networks 1",
        "weft_endpoints 1", "weft_table_version{network=\"blue\"} " + table.version());
    assertThat(metrics).doesNotContain("weft_messages_sent_total 0");
  }
}
