package dev.weft.common.plan;

import dev.weft.common.model.Network;

/**
 * What {@link NetworkPlanner#decide} answered: the network to add, or why not.
 *
 * @param network   the network to add, or null when refused
 * @param refusal   why it was refused, naming the field and the network in the way; null when decided
 * @param exhausted true when refused because the pool or the VNI range has nothing left
 */
public record NetworkDecision(Network network, String refusal, boolean exhausted) {

  public static NetworkDecision created(Network network) {
    return new NetworkDecision(network, null, false);
  }

  public static NetworkDecision conflict(String refusal) {
    return new NetworkDecision(null, refusal, false);
  }

  public static NetworkDecision exhaustedBy(String refusal) {
    return new NetworkDecision(null, refusal, true);
  }

  public boolean created() {
    return network != null;
  }
}
