package dev.weft.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Network;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerNetworksTest {
  static ContainerSource.LocalContainer c(String id, String name, Map<String, String> labels) {
    return new ContainerSource.LocalContainer(id, name, 100, labels);
  }

  static Map<String, Network> catalog(String... names) {
    Map<String, Network> catalog = new LinkedHashMap<>();
    for (String n : names) {
      boolean encrypted = n.startsWith("secret");
      catalog.put(n, new Network(n, "100.64.0.0/24", 300, 0, encrypted, Map.of(), 26, "2026-11-27T00:00:00Z"));
    }
    return catalog;
  }

  @Test
  void encryptedNetworksAreRefusedLoudlyNotJoinedInClear() {
    var web = c("abc123def4567890", "web1", Map.of("weft.networks", "red,secret"));
    var task = c("fff000111222333", "svc.1.x", Map.of("com.docker.swarm.service.name", "svc"));
    var plan = ContainerNetworks.plan(List.of(web, task), catalog("red", "secret"), Map.of("svc", Set.of("secret")));
    assertThat(plan.wanted()).containsOnlyKeys("abc123def4567890");
    assertThat(plan.wanted().get("abc123def4567890")).containsExactly("red");
    String why = "this host has no encrypted transport (WireGuard: neither the kernel module nor wireguard-go and wg)";
    assertThat(plan.errors()).containsExactly(
        "container web1 (abc123def456): not attached to encrypted network 'secret': " + why,
        "container svc.1.x (fff000111222): not attached to encrypted network 'secret': " + why);
  }

  @Test
  void withWireGuardEncryptedNetworksAreJoined() {
    var web = c("abc123def4567890", "web1", Map.of("weft.networks", "red,secret"));
    var plan = ContainerNetworks.plan(List.of(web), catalog("red", "secret"), Map.of(), true);
    assertThat(plan.wanted().get("abc123def4567890")).containsExactly("red", "secret");
    assertThat(plan.errors()).isEmpty();
  }

  @Test
  void labelsAndServiceRules() {
    var web = c("abc123def4567890", "web1", Map.of("weft.networks", " red, nope,,blue "));
    var task = c("fff000111222333", "svc.1.x", Map.of("com.docker.swarm.service.name", "svc"));
    var plain = c("0001", "plain", Map.of());
    var plan = ContainerNetworks.plan(List.of(web, task, plain), catalog("red", "blue", "green"),
        Map.of("svc", Set.of("green", "ghost")));
    assertThat(plan.wanted()).containsOnlyKeys("abc123def4567890", "fff000111222333");
    assertThat(plan.wanted().get("abc123def4567890")).containsExactly("red", "blue");
    assertThat(plan.wants("fff000111222333", "green")).isTrue();
    assertThat(plan.errors()).containsExactly(
        "container web1 (abc123def456): unknown network 'nope' in label weft.networks");
  }
}
