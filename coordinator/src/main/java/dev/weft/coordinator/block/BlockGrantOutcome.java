package dev.weft.coordinator.block;

import java.io.Serializable;
import java.util.List;

/**
 * What {@link BlockStore#grant} decided.
 *
 * @param block     the granted block, or null when the subnet is exhausted
 * @param owned     every block the host owns in the network after the grant
 * @param allocated whether {@code block} was allocated now (rather than an owned one handed back)
 */
public record BlockGrantOutcome(String block, List<String> owned, boolean allocated) implements Serializable {
  public BlockGrantOutcome {
    owned = List.copyOf(owned);
  }

  public boolean exhausted() {
    return block == null;
  }
}
