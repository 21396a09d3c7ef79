package dev.weft.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 12: the HTTP listener's timeouts and budgets, each flag with its environment twin. */
class HttpFlagsTest {
  @Test
  void defaults() {
    HttpLimits http = ConfigParser.parse(List.of(), Map.of()).http();
    assertThat(http).isEqualTo(HttpLimits.DEFAULTS);
    assertThat(http.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(http.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(http.registerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(http.refusedPerMinute()).isEqualTo(30);
    assertThat(http.openPerMinute()).isEqualTo(6000);
  }

  @Test
  void flagsAndTheirTwins() {
    HttpLimits http = ConfigParser.parse(List.of("--header-timeout", "5", "--idle-timeout=120",
        "--register-timeout", "7", "--refused-budget", "0", "--open-budget", "100"), Map.of()).http();
    assertThat(http).isEqualTo(new HttpLimits(Duration.ofSeconds(5), Duration.ofSeconds(120), Duration.ofSeconds(7),
        0, 100));
    HttpLimits fromEnv = ConfigParser.parse(List.of(), Map.of("WEFT_HEADER_TIMEOUT", "5", "WEFT_IDLE_TIMEOUT", "120",
        "WEFT_REGISTER_TIMEOUT", "7", "WEFT_REFUSED_BUDGET", "0", "WEFT_OPEN_BUDGET", "100")).http();
    assertThat(fromEnv).isEqualTo(http);
    assertThat(ConfigParser.usage()).contains("--header-timeout", "WEFT_IDLE_TIMEOUT", "--register-timeout",
        "WEFT_REFUSED_BUDGET", "--open-budget");
  }

  @Test
  void theIdleTimeoutStaysAboveTheAgentsHeartbeatInterval() {
    // a larger heartbeat timeout raises the default idle timeout with it
    assertThat(ConfigParser.parse(List.of("--heartbeat-timeout", "300"), Map.of()).http().idleTimeout())
        .isEqualTo(Duration.ofSeconds(300));
    assertThat(ConfigParser.parse(List.of("--heartbeat-timeout", "60", "--idle-timeout", "21"), Map.of()).http()
        .idleTimeout()).isEqualTo(Duration.ofSeconds(21));
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--heartbeat-timeout", "60", "--idle-timeout", "20"),
        Map.of())).hasMessage("--idle-timeout: 20 (expected: more than 20 s, the agents' heartbeat interval (a third "
        + "of --heartbeat-timeout), or agents are cut off)");
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--header-timeout", "0"), Map.of()))
        .hasMessage("--header-timeout: 0 (expected: an integer 1..3600)");
    assertThatThrownBy(() -> ConfigParser.parse(List.of("--refused-budget", "-1"), Map.of()))
        .hasMessage("--refused-budget: -1 (expected: an integer 0..1000000)");
  }
}
