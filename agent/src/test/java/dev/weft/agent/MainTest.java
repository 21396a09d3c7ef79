package dev.weft.agent;

import dev.weft.agent.config.AgentConfig;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Moved from AgentConfigTest when AgentConfig moved to {@code dev.weft.agent.config}. */
class MainTest {
  @Test
  void hostPrefixIsSafeForDeviceNames() {
    assertThat(Main.hostPrefix("H1.lab_x")).isEqualTo("h1-lab-x");
    assertThat(Main.hostPrefix("0123456789abcdef0123456789abcdef99")).hasSize(32);
  }
}
