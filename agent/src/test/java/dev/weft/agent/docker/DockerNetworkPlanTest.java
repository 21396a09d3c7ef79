package dev.weft.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.docker.DockerNetworkEngine.DockerNetwork;
import dev.weft.common.model.Network;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which Docker networks to make and remove for a catalog: the agent only ever removes what it made. */
class DockerNetworkPlanTest {
  static final Network RED = network("red", "100.64.0.0/24");
  static final Network BLUE = network("blue", "100.65.0.0/24");

  static Network network(String name, String subnet) {
    return new Network(name, subnet, 300, 0, false, Map.of(), 26, "2026-01-01T00:00:00Z");
  }

  static DockerNetwork managed(String id, String name, String subnet) {
    return new DockerNetwork(id, name, subnet, name, true);
  }

  static DockerNetwork unmanaged(String id, String name, String subnet, String option) {
    return new DockerNetwork(id, name, subnet, option, false);
  }

  static Map<String, Network> catalog(Network... networks) {
    Map<String, Network> m = new LinkedHashMap<>();
    for (Network n : networks) {
      m.put(n.name(), n);
    }
    return m;
  }

  /** Each row: the catalog, the Docker networks of Weft's driver, the networks to create, the ids to remove. */
  static Stream<Arguments> plans() {
    return Stream.of(
        Arguments.of("nothing anywhere", catalog(), List.of(), List.of(), List.of()),
        Arguments.of("missing: create", catalog(RED), List.of(), List.of("red"), List.of()),
        Arguments.of("missing ones created in name order", catalog(RED, BLUE), List.of(), List.of("blue", "red"),
            List.of()),
        Arguments.of("managed and matching: kept", catalog(RED), List.of(managed("d1", "red", "100.64.0.0/24")),
            List.of(), List.of()),
        Arguments.of("managed with another subnet: remade", catalog(RED),
            List.of(managed("d1", "red", "100.64.9.0/24")), List.of("red"), List.of("d1")),
        Arguments.of("managed with another weft.network option: remade", catalog(RED),
            List.of(new DockerNetwork("d1", "red", "100.64.0.0/24", "blue", true)), List.of("red"), List.of("d1")),
        Arguments.of("managed without a subnet: remade", catalog(RED), List.of(managed("d1", "red", null)),
            List.of("red"), List.of("d1")),
        Arguments.of("managed whose Weft network is gone: removed", catalog(RED),
            List.of(managed("d1", "red", "100.64.0.0/24"), managed("d2", "green", "100.66.0.0/24")),
            List.of(), List.of("d2")),
        Arguments.of("unmanaged of the same name and another subnet: untouched", catalog(RED),
            List.of(unmanaged("u1", "red", "100.64.9.0/24", null)), List.of(), List.of()),
        Arguments.of("unmanaged whose name is no Weft network: untouched", catalog(RED),
            List.of(unmanaged("u1", "mine", "100.64.0.0/24", "red"), managed("d1", "red", "100.64.0.0/24")),
            List.of(), List.of()),
        Arguments.of("unmanaged with an empty catalog: untouched", catalog(),
            List.of(unmanaged("u1", "red", "100.64.0.0/24", "red")), List.of(), List.of()),
        Arguments.of("everything at once", catalog(RED, BLUE),
            List.of(managed("d1", "red", "100.64.9.0/24"), managed("d2", "green", "100.66.0.0/24"),
                unmanaged("u1", "blue", "10.0.0.0/8", null)),
            List.of("red"), List.of("d1", "d2")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void plans(String name, Map<String, Network> catalog, List<DockerNetwork> existing, List<String> create,
             List<String> remove) {
    DockerNetworkPlan plan = DockerNetworkPlan.plan(catalog, existing);
    assertThat(plan.create()).extracting(Network::name).containsExactlyElementsOf(create);
    assertThat(plan.remove()).extracting(DockerNetwork::id).containsExactlyElementsOf(remove);
    assertThat(plan.isEmpty()).isEqualTo(create.isEmpty() && remove.isEmpty());
  }

  @Test
  void aRemadeNetworkIsCreatedWithTheCatalogsSubnet() {
    DockerNetworkPlan plan = DockerNetworkPlan.plan(catalog(RED), List.of(managed("d1", "red", "100.64.9.0/24")));
    assertThat(plan.create()).containsExactly(RED);
  }

  @Test
  void planningOverTheResultIsEmpty() {
    Map<String, Network> catalog = catalog(RED, BLUE);
    DockerNetworkPlan plan = DockerNetworkPlan.plan(catalog, List.of(managed("d1", "red", "100.64.9.0/24")));
    List<DockerNetwork> after = plan.create().stream().map(n -> managed("new-" + n.name(), n.name(), n.subnet()))
        .toList();
    assertThat(DockerNetworkPlan.plan(catalog, after).isEmpty()).isTrue();
  }
}
