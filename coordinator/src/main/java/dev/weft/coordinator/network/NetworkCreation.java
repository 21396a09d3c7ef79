package dev.weft.coordinator.network;

import dev.weft.common.model.Network;

/**
 * What {@link NetworkStore#create} decided: a network, or a conflict message naming the field and the network in
 * the way.
 *
 * @param network   the created network, or null when refused
 * @param conflict  why it was refused, like {@code vni: 300 (expected: a VNI no other network uses; "blue" has
 *                  it)}, or null
 * @param exhausted true when refused because the pool or VNI range has nothing left
 */
public record NetworkCreation(Network network, String conflict, boolean exhausted) {
  public static NetworkCreation created(Network network) {
    return new NetworkCreation(network, null, false);
  }

  public static NetworkCreation conflict(String message) {
    return new NetworkCreation(null, message, false);
  }

  public static NetworkCreation exhausted(String message) {
    return new NetworkCreation(null, message, true);
  }

  public boolean created() {
    return network != null;
  }
}
