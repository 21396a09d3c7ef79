package dev.weft.coordinator.store;

import dev.weft.coordinator.block.BlockHosts;
import dev.weft.coordinator.host.HostStore;
import java.time.Instant;
import java.util.Optional;

/** {@link BlockHosts} over the host store: what block grants and reclaim read of and write to hosts. */
public final class HostStoreBlockHosts implements BlockHosts {
  private final HostStore hosts;

  public HostStoreBlockHosts(HostStore hosts) {
    this.hosts = hosts;
  }

  @Override
  public Optional<Seen> seen(String host) {
    return hosts.get(host).map(r -> new Seen(r.status(), Instant.parse(r.lastSeen())));
  }

  @Override
  public void addError(String host, String message) {
    hosts.addError(host, message);
  }

  @Override
  public void clearErrors(String host, String prefix) {
    hosts.clearErrors(host, prefix);
  }
}
