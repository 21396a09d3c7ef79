package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.model.Endpoint;
import dev.weft.common.net.Macs;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stop the coordinator, start it again on the same data dir: everything acknowledged is there. */
class RestartTest {
  @TempDir
  Path dataDir;
  TestCoordinator weft;
  FakeAgent agent;

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    if (weft != null) {
      weft.close();
    }
  }

  @Test
  void networksBlocksEndpointsHostsAndTokensSurviveARestart() throws Exception {
    weft = TestCoordinator.startDurable(dataDir);
    JsonNode blue = weft.post("/v1/networks", "{\"name\":\"blue\",\"labels\":{\"team\":\"net\"}}").json();
    JsonNode green = weft.post("/v1/networks", "{\"name\":\"green\",\"vni\":5000}").json();
    agent = new FakeAgent("host-a", "192.0.2.1").connect(weft.agentUri(), weft.coordinator().joinToken());
    agent.register(List.of());
    agent.send(new ToCoordinator.BlockRequest("r1", "blue", List.of()));
    String block = agent.next(ToAgent.BlockGrant.class).block();
    String ip = block.substring(0, block.lastIndexOf('.')) + ".7";
    Endpoint endpoint = new Endpoint("blue", "host-a", ip, Macs.forIp(ip), "c1", null);
    agent.send(new ToCoordinator.EndpointAdd(endpoint));
    Eventually.until("endpoint stored", () -> weft.get("/v1/networks/blue/endpoints").json().size(), n -> n == 1);
    Eventually.until("the agent's table holds it", () -> agent.table("blue"),
        t -> t != null && t.endpoints().containsKey(ip));
    String held = agent.table("blue").digest().toString();
    String admin = weft.coordinator().adminToken();
    String join = weft.coordinator().joinToken();
    String epoch = weft.coordinator().epoch();
    agent.close();
    weft.close();
    weft = null;

    assertThat(Files.getPosixFilePermissions(dataDir.resolve("admin-token")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(dataDir.resolve("join-token")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    weft = TestCoordinator.startDurable(dataDir);
    assertThat(weft.coordinator().adminToken()).isEqualTo(admin);
    assertThat(weft.coordinator().joinToken()).isEqualTo(join);
    assertThat(weft.coordinator().epoch()).as("versions were in memory: a new epoch").isNotEqualTo(epoch);
    assertThat(weft.get("/v1/networks/blue").json()).isEqualTo(blue);
    assertThat(weft.get("/v1/networks/green").json()).isEqualTo(green);
    JsonNode endpoints = weft.get("/v1/networks/blue/endpoints").json();
    assertThat(endpoints.size()).isEqualTo(1);
    assertThat(endpoints.get(0).path("ip").asText()).isEqualTo(ip);
    assertThat(weft.get("/v1/hosts/host-a").json().path("underlayAddress").asText()).isEqualTo("192.0.2.1");
    // allocation continues from the stored state: no reuse of name, VNI or subnet
    assertThat(weft.post("/v1/networks", "{\"name\":\"blue\"}").status()).isEqualTo(409);
    assertThat(weft.post("/v1/networks", "{\"name\":\"other\",\"vni\":5000}").status()).isEqualTo(409);
    JsonNode third = weft.post("/v1/networks", "{\"name\":\"third\"}").json();
    assertThat(third.path("subnet").asText()).isNotIn(blue.path("subnet").asText(), green.path("subnet").asText());

    agent = new FakeAgent("host-a", "192.0.2.1").connect(weft.agentUri(), join);
    // the agent held the table before the restart: it is still current, so it is resumed, not sent again
    agent.send(new ToCoordinator.Register(agent.report(), List.of(endpoint), java.util.Map.of("blue", held)));
    agent.next(ToAgent.Welcome.class);
    ToAgent.Resume resume = agent.next(ToAgent.Resume.class);
    assertThat(resume.epoch()).isEqualTo(weft.coordinator().epoch());
    assertThat(resume.tables()).extracting(ToAgent.ResumedTable::network, ToAgent.ResumedTable::digest)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("blue", held));
    agent.send(new ToCoordinator.BlockRequest("r2", "blue", List.of()));
    ToAgent.BlockGrant grant = agent.next(ToAgent.BlockGrant.class);
    assertThat(grant.block()).isEqualTo(block);
    assertThat(grant.owned()).containsExactly(block);
    assertThat(agent.seen()).noneMatch(m -> m instanceof ToAgent.TableSnapshot);
  }
}
