package dev.weft.coordinator.keys;

import dev.weft.common.model.HostReport;
import dev.weft.common.model.KeyPeer;
import dev.weft.common.wire.ToAgent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who needs which keys (issue 6), from stored facts. Pure: no store, no clock.
 *
 * <p>A host <em>takes part</em> in an encrypted network as in the peer tables (it owns a block there). Two hosts that
 * take part in one encrypted network and both have WireGuard form a <em>pair</em>: each is a peer of the other, with
 * one pre-shared key. Each such host gets a tunnel address and a key table with its pairs' peers.
 *
 * @param hosts        every stored host with WireGuard (reports with a public key), by id
 * @param participants encrypted network name to the hosts that take part in it (with or without WireGuard)
 */
public record KeyTables(Map<String, HostReport> hosts, Map<String, Set<String>> participants) {

  public KeyTables {
    Map<String, HostReport> withWg = new TreeMap<>();
    hosts.forEach((id, r) -> {
      if (r.hasWireGuard()) {
        withWg.put(id, r);
      }
    });
    hosts = withWg;
    participants = Map.copyOf(participants);
  }

  /** Hosts that need a tunnel address: they have WireGuard and take part in an encrypted network. */
  public Set<String> needTunnels() {
    Set<String> need = new TreeSet<>();
    participants.values().forEach(members -> members.stream().filter(hosts::containsKey).forEach(need::add));
    return need;
  }

  /** The pair ids ({@link PairKey#id}) that need a pre-shared key, each once. */
  public Map<String, List<String>> pairs() {
    Map<String, List<String>> pairs = new TreeMap<>();
    for (Set<String> members : participants.values()) {
      List<String> capable = members.stream().filter(hosts::containsKey).sorted().toList();
      for (int i = 0; i < capable.size(); i++) {
        for (int j = i + 1; j < capable.size(); j++) {
          pairs.putIfAbsent(PairKey.id(capable.get(i), capable.get(j)), List.of(capable.get(i), capable.get(j)));
        }
      }
    }
    return pairs;
  }

  /**
   * The key table of every host that has WireGuard: its tunnel address and the peers it is paired with that have a
   * tunnel address and a key. A host without a pair gets an empty table (with its tunnel address if it has one).
   *
   * @param tunnels host id to tunnel address
   * @param keys    the stored pre-shared keys
   * @param pool    the tunnel pool (CIDR)
   */
  public Map<String, ToAgent.Keys> tables(Map<String, String> tunnels, Collection<PairKey> keys, String pool) {
    Map<String, PairKey> byId = new TreeMap<>();
    keys.forEach(k -> byId.put(k.id(), k));
    Map<String, List<KeyPeer>> peers = new TreeMap<>();
    Set<String> needing = needTunnels();
    for (List<String> pair : pairs().values()) {
      PairKey key = byId.get(PairKey.id(pair.get(0), pair.get(1)));
      String a = pair.get(0);
      String b = pair.get(1);
      if (key == null || !tunnels.containsKey(a) || !tunnels.containsKey(b)) {
        continue;
      }
      peers.computeIfAbsent(a, x -> new ArrayList<>()).add(peer(b, tunnels.get(b), key));
      peers.computeIfAbsent(b, x -> new ArrayList<>()).add(peer(a, tunnels.get(a), key));
    }
    Map<String, ToAgent.Keys> tables = new TreeMap<>();
    for (String host : hosts.keySet()) {
      List<KeyPeer> list = new ArrayList<>(peers.getOrDefault(host, List.of()));
      list.sort(Comparator.comparing(KeyPeer::host));
      String tunnel = needing.contains(host) ? tunnels.get(host) : null;
      tables.put(host, new ToAgent.Keys(tunnel, pool, tunnel == null ? List.of() : list));
    }
    return tables;
  }

  private KeyPeer peer(String host, String tunnel, PairKey key) {
    HostReport r = hosts.get(host);
    return new KeyPeer(host, r.wireguardPublicKey(), r.underlayAddress() + ":" + r.wireguardPort(),
        List.of(tunnel + "/32"), key.key(), key.epoch());
  }
}
