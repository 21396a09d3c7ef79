package dev.weft.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Peer;
import dev.weft.common.model.ServiceRule;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import dev.weft.common.wire.WireCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
  private final WireCodec codec = new WireCodec();

  @Test
  void deltaRoundTripsWithItsTypeName() {
    var delta = new ToAgent.TableDelta("blue", "e1", 7,
        List.of(new Peer("h2", "10.77.0.2")), List.of(),
        List.of(new Endpoint("blue", "h2", "10.200.0.66", "02:57:0a:c8:00:42", "c1", null)), List.of("10.200.0.5"));
    String json = codec.encode(delta);
    assertThat(json).contains("\"type\":\"delta\"");
    assertThat(codec.decodeToAgent(json)).isEqualTo(delta);
  }

  @Test
  void servicesRoundTripAndToleratesMissingRules() {
    var services = new ToAgent.Services(List.of(new ServiceRule("blue", "web"), new ServiceRule("red", "db")));
    String json = codec.encode(services);
    assertThat(json).contains("\"type\":\"services\"").contains("\"network\":\"blue\"");
    assertThat(codec.decodeToAgent(json)).isEqualTo(services);
    assertThat(codec.decodeToAgent("{\"type\":\"services\"}")).isEqualTo(new ToAgent.Services(List.of()));
  }

  @Test
  void heartbeatIsJustItsType() {
    assertThat(codec.encode(new ToCoordinator.Heartbeat())).isEqualTo("{\"type\":\"heartbeat\"}");
    assertThat(codec.decodeToCoordinator("{\"type\":\"heartbeat\",\"future\":1}"))
        .isEqualTo(new ToCoordinator.Heartbeat());
  }

  @Test
  void unknownTypeIsRejectedClearly() {
    assertThatThrownBy(() -> codec.decodeToCoordinator("{\"type\":\"launch-missiles\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ToCoordinator");
  }
}
