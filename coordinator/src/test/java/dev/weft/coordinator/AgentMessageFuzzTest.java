package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeded random agent messages: each gets at most an error, never an internal one, and the channel keeps working. */
class AgentMessageFuzzTest {
  static final List<String> TYPES = List.of("heartbeat", "host-update", "endpoint-add", "endpoint-remove",
      "block-request", "snapshot-request", "register", "nonsense");
  static final List<String> FIELDS = List.of("network", "ip", "endpoint", "host", "requestId", "full", "mac",
      "container", "hostId", "underlayAddress");
  static final List<String> VALUES = List.of("\"blue\"", "\"red\"", "null", "1", "\"10.20.0.5\"", "\"10.20.0.0/26\"",
      "[]", "[\"x\"]", "[null]", "{}", "{\"network\":\"blue\",\"ip\":\"10.20.0.9\"}",
      "{\"network\":\"blue\",\"ip\":\"10.20.0.9\",\"mac\":\"02:57:0a:14:00:09\",\"container\":\"c\"}",
      "{\"hostId\":\"host-a\",\"underlayAddress\":\"192.0.2.1\"}", "{\"hostId\":\"other\"}", "\"\"", "true");

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
  void randomMessagesNeverBreakTheChannel() {
    weft = TestCoordinator.start(dataDir);
    weft.post("/v1/networks", "{\"name\":\"blue\",\"subnet\":\"10.20.0.0/24\"}");
    agent = new FakeAgent("host-a", "192.0.2.1").connect(weft.agentUri(), weft.coordinator().joinToken());
    agent.register(List.of());
    agent.next(ToAgent.Welcome.class);
    Random random = new Random(42);
    for (int i = 0; i < 300; i++) {
      StringBuilder message = new StringBuilder("{\"type\":\"").append(TYPES.get(random.nextInt(TYPES.size())))
          .append('"');
      int fields = random.nextInt(4);
      for (int f = 0; f < fields; f++) {
        message.append(",\"").append(FIELDS.get(random.nextInt(FIELDS.size()))).append("\":")
            .append(VALUES.get(random.nextInt(VALUES.size())));
      }
      message.append('}');
      if (random.nextInt(10) == 0) {
        message.setLength(random.nextInt(message.length()));
      }
      agent.sendRaw(message.toString());
    }
    agent.send(new ToCoordinator.BlockRequest("after-fuzz", "blue", List.of()));
    ToAgent.BlockGrant grant = agent.next(ToAgent.BlockGrant.class, g -> "after-fuzz".equals(g.requestId()));
    assertThat(grant.block()).isNotNull();
    assertThat(agent.seen()).noneMatch(m -> m instanceof ToAgent.Error e && "unavailable".equals(e.code()));
    assertThat(weft.get("/v1/hosts/host-a").json().path("status").asText()).isEqualTo("up");
  }
}
