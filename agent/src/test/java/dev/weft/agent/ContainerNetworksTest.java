package dev.weft.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerNetworksTest {
  static ContainerSource.LocalContainer c(String id, String name, Map<String, String> labels) {
    return new ContainerSource.LocalContainer(id, name, 100, labels);
  }

  @Test
  void labelsAndServiceRules() {
    var web = c("abc123def4567890", "web1", Map.of("weft.networks", " red, nope,,blue "));
    var task = c("fff000111222333", "svc.1.x", Map.of("com.docker.swarm.service.name", "svc"));
    var plain = c("0001", "plain", Map.of());
    var plan = ContainerNetworks.plan(List.of(web, task, plain), Set.of("red", "blue", "green"),
        Map.of("svc", Set.of("green", "ghost")));
    assertThat(plan.wanted()).containsOnlyKeys("abc123def4567890", "fff000111222333");
    assertThat(plan.wanted().get("abc123def4567890")).containsExactly("red", "blue");
    assertThat(plan.wants("fff000111222333", "green")).isTrue();
    assertThat(plan.errors()).containsExactly(
        "container web1 (abc123def456): unknown network 'nope' in label weft.networks");
  }
}
