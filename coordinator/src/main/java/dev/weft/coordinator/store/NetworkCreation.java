package dev.weft.coordinator.store;

import dev.weft.common.model.Network;
import java.io.Serializable;

/**
 * What {@link NetworkStore#create} decided: a network, or a conflict message naming the field and the network in
 * the way.
 *
 * @param networkJson the created network as JSON, or null when refused
 * @param conflict    why it was refused, like {@code vni: 300 (expected: a VNI no other network uses; "blue" has
 *                    it)}, or null
 * @param exhausted   true when refused because the pool or VNI range has nothing left
 */
public record NetworkCreation(String networkJson, String conflict, boolean exhausted) implements Serializable {
  static NetworkCreation created(Network network) {
    return new NetworkCreation(Jsons.write(network), null, false);
  }

  static NetworkCreation conflict(String message) {
    return new NetworkCreation(null, message, false);
  }

  static NetworkCreation exhausted(String message) {
    return new NetworkCreation(null, message, true);
  }

  public boolean created() {
    return networkJson != null;
  }

  public Network network() {
    return networkJson == null ? null : Jsons.read(networkJson, Network.class);
  }
}
