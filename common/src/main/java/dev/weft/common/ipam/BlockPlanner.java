package dev.weft.common.ipam;

import dev.weft.common.model.HostStatus;
import dev.weft.common.net.Cidr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides per-host block grants of one network. Pure: the caller applies the answer atomically (the coordinator's
 * block entry processor).
 */
public final class BlockPlanner {
  private BlockPlanner() {
  }

  /**
   * What {@link #grant} answered.
   *
   * @param block     the block handed out, or null when the subnet has no free block
   * @param owned     every block the host owns after the grant, in stored order; never null
   * @param allocated whether {@code block} is new (the caller stores it) rather than an owned one handed back
   */
  public record Grant(String block, List<String> owned, boolean allocated) {
    public Grant {
      owned = List.copyOf(owned);
    }

    public boolean exhausted() {
      return block == null;
    }
  }

  /**
   * An owned block of {@code host} not in {@code full}, else the first free block of the subnet.
   *
   * @param ownerByCidr every stored block of the network (canonical CIDR to its owner), in stored order
   * @param full        canonical CIDRs of blocks the host has no free address in; never null
   * @return never null; {@link Grant#exhausted()} when nothing is free
   */
  public static Grant grant(Cidr subnet, int blockPrefix, Map<String, String> ownerByCidr, String host,
                            Collection<String> full) {
    List<String> owned = new ArrayList<>();
    ownerByCidr.forEach((cidr, owner) -> {
      if (owner.equals(host)) {
        owned.add(cidr);
      }
    });
    for (String cidr : owned) {
      if (!full.contains(cidr)) {
        return new Grant(cidr, owned, false);
      }
    }
    List<Cidr> taken = ownerByCidr.keySet().stream().map(Cidr::parse).toList();
    Optional<Cidr> next = new BlockAllocator().next(subnet, blockPrefix, taken);
    if (next.isEmpty()) {
      return new Grant(null, owned, false);
    }
    owned.add(next.get().toString());
    return new Grant(next.get().toString(), owned, true);
  }

  /**
   * Whether the blocks of an owner may be reclaimed: it is unknown (removed), or down and last seen before
   * {@code cutoff}, and it holds no endpoint in the network.
   *
   * @param status    the owner's stored status, or null when no host of that id is stored
   * @param lastSeen  when it was last seen (ignored when {@code status} is null)
   * @param cutoff    now minus the reclaim grace
   * @param endpoints whether the owner still holds an endpoint in the network
   */
  public static boolean reclaimable(HostStatus status, Instant lastSeen, Instant cutoff, boolean endpoints) {
    boolean gone = status == null || (status == HostStatus.DOWN && lastSeen.isBefore(cutoff));
    return gone && !endpoints;
  }
}
