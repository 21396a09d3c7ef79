package dev.weft.agent.docker;

import dev.weft.agent.docker.DockerNetworkEngine.DockerNetwork;
import dev.weft.common.model.Network;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to change so that every Weft network is a Docker network of the same name on this host (issue 14): make the
 * missing, remake the ones the agent made that no longer match (another subnet: the Weft network was deleted and made
 * again), remove the ones the agent made whose Weft network is gone. A Docker network the agent did not make is never
 * touched. Pure.
 *
 * @param create Weft networks to make Docker networks for
 * @param remove Docker networks to remove (before the creates: a remade network keeps its name)
 */
public record DockerNetworkPlan(List<Network> create, List<DockerNetwork> remove) {

  public static DockerNetworkPlan plan(Map<String, Network> catalog, List<DockerNetwork> existing) {
    Map<String, DockerNetwork> byName = new HashMap<>();
    existing.forEach(d -> byName.put(d.name(), d));
    List<Network> create = new ArrayList<>();
    List<DockerNetwork> remove = new ArrayList<>();
    for (Network n : catalog.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
      DockerNetwork d = byName.get(n.name());
      if (d == null) {
        create.add(n);
      } else if (d.managed() && !matches(d, n)) {
        remove.add(d);
        create.add(n);
      }
    }
    for (DockerNetwork d : existing) {
      if (d.managed() && !catalog.containsKey(d.name())) {
        remove.add(d);
      }
    }
    return new DockerNetworkPlan(List.copyOf(create), List.copyOf(remove));
  }

  private static boolean matches(DockerNetwork d, Network n) {
    return Objects.equals(d.subnet(), n.subnet()) && Objects.equals(d.option(), n.name());
  }

  public boolean isEmpty() {
    return create.isEmpty() && remove.isEmpty();
  }
}
