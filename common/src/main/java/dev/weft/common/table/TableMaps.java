package dev.weft.common.table;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Peer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The map and digest arithmetic under {@link NetworkTable}: keyed copies, key-wise differences, digests. */
final class TableMaps {
  private TableMaps() {
  }

  /** The digest of every peer and endpoint. */
  static TableDigest digestOf(Map<String, Peer> peers, Map<String, Endpoint> endpoints) {
    TableDigest digest = TableDigest.of(peers.values());
    for (Endpoint e : endpoints.values()) {
      digest = digest.plus(e);
    }
    return digest;
  }

  /** {@code digest} of {@code older}'s entries moved to {@code newer}'s, hashing only the entries that differ. */
  static <V extends Record> TableDigest rehash(TableDigest digest, Map<String, V> older,
                                                      Map<String, V> newer) {
    for (Map.Entry<String, V> entry : newer.entrySet()) {
      V held = older.get(entry.getKey());
      if (!entry.getValue().equals(held)) {
        digest = without(digest, held).plus(entry.getValue());
      }
    }
    for (Map.Entry<String, V> entry : older.entrySet()) {
      if (!newer.containsKey(entry.getKey())) {
        digest = digest.minus(entry.getValue());
      }
    }
    return digest;
  }

  /** {@code digest} without {@code replaced}, the entry a map operation displaced (null: none). */
  static TableDigest without(TableDigest digest, Record replaced) {
    return replaced == null ? digest : digest.minus(replaced);
  }

  static <V> List<V> changed(Map<String, V> older, Map<String, V> newer) {
    List<V> out = new ArrayList<>();
    newer.forEach((k, v) -> {
      if (!v.equals(older.get(k))) {
        out.add(v);
      }
    });
    return out;
  }

  static <V> List<String> removed(Map<String, V> older, Map<String, V> newer) {
    List<String> out = new ArrayList<>();
    for (String k : older.keySet()) {
      if (!newer.containsKey(k)) {
        out.add(k);
      }
    }
    return out;
  }

  static TreeMap<String, Peer> peerMap(Collection<Peer> peers) {
    TreeMap<String, Peer> map = new TreeMap<>();
    peers.forEach(p -> map.put(key(p), p));
    return map;
  }

  static TreeMap<String, Endpoint> endpointMap(Collection<Endpoint> endpoints) {
    TreeMap<String, Endpoint> map = new TreeMap<>();
    endpoints.forEach(e -> map.put(key(e), e));
    return map;
  }

  static String key(Peer peer) {
    if (peer == null || peer.host() == null) {
      throw new IllegalArgumentException("peer: " + peer + " (expected: a peer with a host id)");
    }
    return peer.host();
  }

  static String key(Endpoint endpoint) {
    if (endpoint == null || endpoint.ip() == null) {
      throw new IllegalArgumentException("endpoint: " + endpoint + " (expected: an endpoint with an IP)");
    }
    return endpoint.ip();
  }
}
