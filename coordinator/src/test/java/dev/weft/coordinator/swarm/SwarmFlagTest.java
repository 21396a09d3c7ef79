package dev.weft.coordinator.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.coordinator.servicerule.ServiceRules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmFlagTest {

  @Test
  void flagIsTakenOutAndTheRestKeptInOrder() {
    SwarmFlag f = SwarmFlag.split(List.of("--listen", "0.0.0.0:1", "--swarm-manager", "unix:///var/run/docker.sock",
        "--data-dir=x"), Map.of());
    assertThat(f.url()).isEqualTo("unix:///var/run/docker.sock");
    assertThat(f.rest()).containsExactly("--listen", "0.0.0.0:1", "--data-dir=x");
  }

  @Test
  void flagWinsOverEnvironmentAndAbsentMeansNone() {
    assertThat(SwarmFlag.split(List.of("--swarm-manager=tcp://10.0.0.1:2375"),
        Map.of("WEFT_SWARM_MANAGER", "unix:///a.sock")).url()).isEqualTo("tcp://10.0.0.1:2375");
    assertThat(SwarmFlag.split(List.of(), Map.of("WEFT_SWARM_MANAGER", "unix:///a.sock")).url())
        .isEqualTo("unix:///a.sock");
    SwarmFlag none = SwarmFlag.split(List.of(), Map.of());
    assertThat(none.url()).isNull();
    assertThat(none.manager().configured()).isFalse();
  }

  @Test
  void badValuesNameTheFlagAndWhatWasExpected() {
    assertThatThrownBy(() -> SwarmFlag.split(List.of("--swarm-manager"), Map.of()))
        .hasMessage("--swarm-manager: missing value");
    assertThatThrownBy(() -> SwarmFlag.split(List.of("--swarm-manager", "http://x"), Map.of()))
        .hasMessageContaining("--swarm-manager: http://x (expected: unix:///");
  }

  @Test
  void serviceNamesFollowSwarmsRule() {
    assertThat(ServiceRules.requireServiceName("web_1.a-b")).isEqualTo("web_1.a-b");
    for (String bad : new String[] {"", "-web", "we b", "a".repeat(64), "x/y"}) {
      assertThatThrownBy(() -> ServiceRules.requireServiceName(bad)).hasMessageContaining("service");
    }
  }
}
