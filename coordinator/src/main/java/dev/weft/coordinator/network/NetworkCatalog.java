package dev.weft.coordinator.network;

import dev.weft.common.model.Network;
import java.util.ArrayList;
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

  /** The network of that name; empty when none. */
  public Optional<Network> find(String name) {
    return networks.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** This catalog with {@code network} added last (the planner has checked it conflicts with none). */
  public NetworkCatalog with(Network network) {
    List<Network> more = new ArrayList<>(networks);
    more.add(network);
    return new NetworkCatalog(more);
  }

  /** This catalog without the network of that name. */
  public NetworkCatalog without(String name) {
    return new NetworkCatalog(networks.stream().filter(n -> !n.name().equals(name)).toList());
  }
}
