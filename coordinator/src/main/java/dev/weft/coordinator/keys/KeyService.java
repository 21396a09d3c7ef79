package dev.weft.coordinator.keys;

import dev.weft.coordinator.config.KeyConfig;

import dev.weft.common.model.HostReport;
import dev.weft.common.model.Network;
import dev.weft.common.wire.ToAgent;
import dev.weft.coordinator.block.BlockStore;
import dev.weft.coordinator.host.HostRecord;
import dev.weft.coordinator.host.HostStore;
import dev.weft.coordinator.network.NetworkStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings tunnel addresses and pre-shared keys in line with who shares encrypted networks, and answers every
 * host's key table (issue 6). Blocking (store calls): run it on a worker.
 *
 * <p>Any member allocates what is missing (atomic entry processors: two members racing end with one address per host
 * and one key per pair). Once-only work, rotation and the release of revoked hosts' addresses and keys, runs only on
 * the leader (the oldest member of the majority, as block reclaim).
 */
public final class KeyService {
  private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);

  private final HostStore hosts;
  private final NetworkStore networks;
  private final BlockStore blocks;
  private final KeyStore keys;
  private final KeyConfig config;
  private final PskSchedule schedule;
  private final Clock clock;
  private final SecureRandom random;
  private final BooleanSupplier leader;
  private final Set<String> loggedExhausted = new HashSet<>();

  /** The outcome of one pass: every WireGuard host's key table and the keys as they are now. */
  public record Pass(Map<String, ToAgent.Keys> tables, List<PairKey> keys) {
  }

  public KeyService(HostStore hosts, NetworkStore networks, BlockStore blocks, KeyStore keys, KeyConfig config,
                    Clock clock, SecureRandom random, BooleanSupplier leader) {
    this.hosts = hosts;
    this.networks = networks;
    this.blocks = blocks;
    this.keys = keys;
    this.config = config;
    this.schedule = new PskSchedule(config.pskRotation());
    this.clock = clock;
    this.random = random;
    this.leader = leader;
  }

  /** One pass: allocate, rotate, release, then compute the tables. */
  public Pass pass() {
    Map<String, HostReport> reports = new TreeMap<>();
    for (HostRecord h : hosts.list()) {
      reports.put(h.id(), h.report());
    }
    Map<String, Set<String>> participants = new TreeMap<>();
    for (Network n : networks.catalog().networks()) {
      if (n.encrypted()) {
        Set<String> members = new TreeSet<>();
        blocks.of(n.name()).blocks().forEach(b -> members.add(b.owner()));
        participants.put(n.name(), members);
      }
    }
    KeyTables tables = new KeyTables(reports, participants);
    if (participants.isEmpty()) {
      // No encrypted network: nothing to allocate or rotate, and no store reads beyond the two above (a pass runs on
      // every change of hosts, networks and blocks, on every member). Stored keys and addresses wait for the next one.
      return new Pass(tables.tables(Map.of(), List.of(), config.tunnelPool().toString()), List.of());
    }
    boolean lead = leader.getAsBoolean();
    long now = clock.millis();

    TunnelSet tunnels = keys.tunnels();
    if (lead) {
      List<String> gone = tunnels.byHost().keySet().stream().filter(h -> !reports.containsKey(h)).toList();
      if (keys.releaseTunnels(gone) > 0) {
        LOG.info("released the tunnel addresses of removed hosts {}", gone);
      }
    }
    Map<String, String> byHost = new HashMap<>(tunnels.byHost());
    byHost.keySet().retainAll(reports.keySet());
    for (String host : tables.needTunnels()) {
      if (!byHost.containsKey(host)) {
        String address = keys.allocateTunnel(config.tunnelPool().toString(), host);
        if (address == null) {
          if (loggedExhausted.add(host)) {
            LOG.error("tunnel pool {} is full: host {} gets no tunnel address (encrypted networks cannot reach it)",
                config.tunnelPool(), host);
          }
        } else {
          LOG.info("host {} has tunnel address {}", host, address);
          byHost.put(host, address);
        }
      }
    }

    Map<String, List<String>> pairs = tables.pairs();
    Map<String, PairKey> stored = new TreeMap<>();
    for (PairKey k : keys.pairKeys()) {
      stored.put(k.id(), k);
    }
    for (Map.Entry<String, List<String>> pair : pairs.entrySet()) {
      if (!stored.containsKey(pair.getKey())) {
        PairKey fresh = new PairKey(pair.getValue().get(0), pair.getValue().get(1), newKey(), 1, now);
        if (keys.putPairKey(0, fresh)) {
          stored.put(fresh.id(), fresh);
        }
      }
    }
    if (lead) {
      for (PairKey k : new ArrayList<>(stored.values())) {
        if (!reports.containsKey(k.hostA()) || !reports.containsKey(k.hostB())) {
          keys.removePairKey(k.id());
          stored.remove(k.id());
        }
      }
      for (PairKey due : schedule.due(stored.values(), now)) {
        PairKey next = new PairKey(due.hostA(), due.hostB(), newKey(), due.epoch() + 1, now);
        if (keys.putPairKey(due.epoch(), next)) {
          LOG.info("rotated the pre-shared key of {} and {} (epoch {})", due.hostA(), due.hostB(), next.epoch());
          stored.put(next.id(), next);
        }
      }
    }
    if (stored.size() != pairs.size() || !stored.keySet().containsAll(pairs.keySet())) {
      // another member may have written meanwhile: take the store's view for what is sent
      stored.clear();
      keys.pairKeys().forEach(k -> stored.put(k.id(), k));
    }
    List<PairKey> current = new ArrayList<>(stored.values());
    return new Pass(tables.tables(byHost, current, config.tunnelPool().toString()), current);
  }

  /** The age of the oldest pre-shared key now. */
  public double oldestKeyAgeSeconds(List<PairKey> keys) {
    return PskSchedule.oldestAgeSeconds(keys, clock.millis());
  }

  private String newKey() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
