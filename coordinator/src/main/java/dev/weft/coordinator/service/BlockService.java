package dev.weft.coordinator.service;

import dev.weft.coordinator.error.NotFoundException;
import dev.weft.coordinator.error.ExhaustedException;
import dev.weft.common.ipam.BlockPlanner;
import dev.weft.common.model.HostStatus;
import dev.weft.common.model.Network;
import dev.weft.common.net.Cidr;
import dev.weft.common.error.ValidationException;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.store.Block;
import dev.weft.coordinator.store.BlockGrantOutcome;
import dev.weft.coordinator.store.BlockSet;
import dev.weft.coordinator.store.BlockStore;
import dev.weft.coordinator.store.EndpointStore;
import dev.weft.coordinator.host.HostRecord;
import dev.weft.coordinator.host.HostStore;
import dev.weft.coordinator.store.NetworkStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Per-host address blocks: grants on request, reclaim of blocks of hosts that are gone. Blocking: call from a worker. */
public final class BlockService {
  private static final int MAX_FULL = 4096;

  private final NetworkStore networks;
  private final BlockStore blocks;
  private final EndpointStore endpoints;
  private final HostStore hosts;
  private final Counters counters;
  private final Clock clock;

  public BlockService(NetworkStore networks, BlockStore blocks, EndpointStore endpoints, HostStore hosts,
                      Counters counters, Clock clock) {
    this.networks = networks;
    this.blocks = blocks;
    this.endpoints = endpoints;
    this.hosts = hosts;
    this.counters = counters;
    this.clock = clock;
  }

  /**
   * A block of {@code network} for {@code host} that is not in {@code full}: an owned one, else a new one.
   *
   * @throws NotFoundException   when the network does not exist
   * @throws ValidationException when {@code full} holds something that is not a CIDR
   * @throws ExhaustedException  when the subnet has no free block; also recorded as an error of the host
   */
  public BlockGrantOutcome request(String host, String networkName, List<String> full) {
    Network network = networks.get(networkName)
        .orElseThrow(() -> new NotFoundException("network \"" + networkName + "\" not found"));
    if (full.size() > MAX_FULL) {
      throw new ValidationException("full", full.size() + " blocks", "at most " + MAX_FULL);
    }
    List<String> canonical = new ArrayList<>();
    for (String cidr : full) {
      try {
        canonical.add(Cidr.parse(cidr).toString());
      } catch (IllegalArgumentException e) {
        throw new ValidationException("full", cidr, "CIDRs of blocks, like 100.64.0.0/26");
      }
    }
    BlockGrantOutcome outcome = blocks.grant(network, host, canonical, clock.instant().toString());
    String errorPrefix = "pool-exhausted: network \"" + networkName + "\"";
    if (outcome.exhausted()) {
      counters.allocationFailed();
      String message = errorPrefix + " has no free /" + network.blockPrefix() + " block in " + network.subnet();
      hosts.addError(host, message);
      throw new ExhaustedException(message);
    }
    if (outcome.allocated()) {
      hosts.clearErrors(host, errorPrefix);
    }
    return outcome;
  }

  /**
   * Releases every block whose owner is down (or unknown) since longer than {@code grace} and holds no endpoint in
   * that network, and the blocks of networks that no longer exist.
   *
   * @return the number of blocks released
   */
  public int reclaim(Duration grace) {
    Instant cutoff = clock.instant().minus(grace);
    Map<String, Optional<HostRecord>> hostCache = new HashMap<>();
    int released = 0;
    for (Map.Entry<String, BlockSet> entry : blocks.all().entrySet()) {
      String network = entry.getKey();
      if (networks.get(network).isEmpty()) {
        blocks.removeNetwork(network);
        continue;
      }
      Map<String, List<String>> byOwner = new HashMap<>();
      for (Block block : entry.getValue().blocks()) {
        byOwner.computeIfAbsent(block.owner(), o -> new ArrayList<>()).add(block.cidr());
      }
      for (Map.Entry<String, List<String>> owned : byOwner.entrySet()) {
        String owner = owned.getKey();
        Optional<HostRecord> record = hostCache.computeIfAbsent(owner, hosts::get);
        HostStatus status = record.map(HostRecord::status).orElse(null);
        Instant lastSeen = record.map(r -> Instant.parse(r.lastSeen())).orElse(null);
        // the endpoints are read only for an owner that is gone: one query per owner that may lose its blocks
        if (BlockPlanner.reclaimable(status, lastSeen, cutoff, false)
            && BlockPlanner.reclaimable(status, lastSeen, cutoff, !endpoints.of(network, owner).isEmpty())) {
          released += blocks.release(network, owner, owned.getValue()).size();
        }
      }
    }
    return released;
  }
}
