package dev.weft.coordinator.block;

import dev.weft.common.model.HostStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * What block grants and reclaim need of the hosts: whether an owner is gone, and a place to show a host why it got no
 * block. An interface of this package so that {@code block} does not depend on {@code host} (which depends on it);
 * implemented over the host store where the coordinator is wired.
 */
public interface BlockHosts {
  /** A host's state as the store last recorded it. */
  record Seen(HostStatus status, Instant lastSeen) {
  }

  /** The host's recorded status and last contact; empty when no such host is stored. */
  Optional<Seen> seen(String host);

  /** Records {@code message} as an error of the host, shown in the API; an unknown host is ignored. */
  void addError(String host, String message);

  /** Clears the host's errors that start with {@code prefix}; an unknown host is ignored. */
  void clearErrors(String host, String prefix);
}
