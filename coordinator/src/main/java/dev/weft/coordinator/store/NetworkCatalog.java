package dev.weft.coordinator.store;

import dev.weft.common.model.Network;
import java.util.List;
import java.util.Optional;

/**
 * Every network, stored as one value under one key so that a creation checks name, subnet and VNI conflicts and
 * writes in one atomic step (an entry processor). Networks are few (VNIs and subnets are scarce), so one value is
 * small.
 */
public record NetworkCatalog(List<Network> networks) {
  public static final NetworkCatalog EMPTY = new NetworkCatalog(List.of());

  public NetworkCatalog {
    networks = networks == null ? List.of() : List.copyOf(networks);
  }

  public Optional<Network> find(String name) {
    return networks.stream().filter(n -> n.name().equals(name)).findFirst();
  }
}
