package dev.weft.common.table;

import static dev.weft.common.table.TableMaps.changed;
import static dev.weft.common.table.TableMaps.endpointMap;
import static dev.weft.common.table.TableMaps.key;
import static dev.weft.common.table.TableMaps.peerMap;
import static dev.weft.common.table.TableMaps.rehash;
import static dev.weft.common.table.TableMaps.removed;
import static dev.weft.common.table.TableMaps.without;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Peer;
import dev.weft.common.wire.ToAgent;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The peer and endpoint table of one network at one version: peers by host id, endpoints by IP, both sorted by key.
 * Immutable; every change returns a new table (copying the maps: O(n) per change, never O(n^2)).
 *
 * <p>Versions: within an epoch, each published table is the previous one plus one ({@link #next}); a delta
 * ({@link #diff}) turns version v into v+1 and {@link #apply} refuses anything else. The {@code with...} methods edit
 * content only and keep the version: use them to build a table, then publish it with {@link #next} or
 * {@link #nextVersion()}.
 */
public final class NetworkTable {
  private final String network;
  private final String epoch;
  private final long version;
  private final TableDigest digest;
  // Never modified after construction, so tables may share them; callers see only the read-only views.
  private final TreeMap<String, Peer> peerMap;
  private final TreeMap<String, Endpoint> endpointMap;
  private final NavigableMap<String, Peer> peers;
  private final NavigableMap<String, Endpoint> endpoints;

  private NetworkTable(String network, String epoch, long version, TreeMap<String, Peer> peers,
                       TreeMap<String, Endpoint> endpoints, TableDigest digest) {
    this.network = Objects.requireNonNull(network, "network");
    this.epoch = Objects.requireNonNull(epoch, "epoch");
    this.version = version;
    this.digest = digest;
    this.peerMap = peers;
    this.endpointMap = endpoints;
    this.peers = Collections.unmodifiableNavigableMap(peers);
    this.endpoints = Collections.unmodifiableNavigableMap(endpoints);
  }

  /** The table of a network with no peers and no endpoints, at version 0 of {@code epoch}. */
  public static NetworkTable empty(String network, String epoch) {
    return new NetworkTable(network, epoch, 0, new TreeMap<>(), new TreeMap<>(), TableDigest.EMPTY);
  }

  /**
   * A table with the given content. A later peer with the same host id, or endpoint with the same IP, replaces an
   * earlier one.
   *
   * @throws IllegalArgumentException when a peer has no host id or an endpoint no IP
   */
  public static NetworkTable of(String network, String epoch, long version, Collection<Peer> peers,
                                Collection<Endpoint> endpoints) {
    TreeMap<String, Peer> peerMap = peerMap(peers);
    TreeMap<String, Endpoint> endpointMap = endpointMap(endpoints);
    return new NetworkTable(network, epoch, version, peerMap, endpointMap,
        TableMaps.digestOf(peerMap, endpointMap));
  }

  /** The table a snapshot describes (duplicate keys: the later entry wins). */
  public static NetworkTable fromSnapshot(ToAgent.TableSnapshot snapshot) {
    return of(snapshot.network(), snapshot.epoch(), snapshot.version(), snapshot.peers(), snapshot.endpoints());
  }

  /** This table as a snapshot message, peers and endpoints in key order. */
  public ToAgent.TableSnapshot snapshot() {
    return new ToAgent.TableSnapshot(network, epoch, version, List.copyOf(peers.values()),
        List.copyOf(endpoints.values()));
  }

  /**
   * The delta that turns {@code older} into {@code newer}: peers and endpoints that are new or changed in
   * {@code newer} are "added" (an added entry replaces one with the same key), keys gone from {@code newer} are
   * "removed". Its epoch and version are {@code newer}'s. An empty delta means the contents are equal.
   *
   * @throws IllegalArgumentException when the tables are of different networks or epochs
   */
  public static ToAgent.TableDelta diff(NetworkTable older, NetworkTable newer) {
    if (!older.network.equals(newer.network) || !older.epoch.equals(newer.epoch)) {
      throw new IllegalArgumentException("diff of " + older + " and " + newer
          + " (expected: tables of the same network and epoch)");
    }
    return new ToAgent.TableDelta(newer.network, newer.epoch, newer.version,
        changed(older.peers, newer.peers), removed(older.peers, newer.peers),
        changed(older.endpoints, newer.endpoints), removed(older.endpoints, newer.endpoints));
  }

  /** Whether a delta changes nothing. */
  public static boolean isEmpty(ToAgent.TableDelta delta) {
    return delta.peersAdded().isEmpty() && delta.peersRemoved().isEmpty() && delta.endpointsAdded().isEmpty()
        && delta.endpointsRemoved().isEmpty();
  }

  /**
   * This table with {@code delta} applied: removals first, then additions (which replace entries with the same
   * key). Removing a key that is absent is not an error.
   *
   * @throws VersionGapException      when the delta's epoch differs or its version is not this version plus one
   * @throws IllegalArgumentException when the delta is for another network
   */
  public NetworkTable apply(ToAgent.TableDelta delta) {
    if (!network.equals(delta.network())) {
      throw new IllegalArgumentException("delta for network " + delta.network() + " applied to table of "
          + network);
    }
    if (!epoch.equals(delta.epoch()) || delta.version() != version + 1) {
      throw new VersionGapException(network, epoch, version, delta.epoch(), delta.version());
    }
    TableDigest newDigest = digest;
    TreeMap<String, Peer> newPeers = peerMap;
    if (!delta.peersRemoved().isEmpty() || !delta.peersAdded().isEmpty()) {
      newPeers = new TreeMap<>(peerMap);
      for (String host : delta.peersRemoved()) {
        newDigest = without(newDigest, newPeers.remove(host));
      }
      for (Peer p : delta.peersAdded()) {
        newDigest = without(newDigest, newPeers.put(key(p), p)).plus(p);
      }
    }
    TreeMap<String, Endpoint> newEndpoints = endpointMap;
    if (!delta.endpointsRemoved().isEmpty() || !delta.endpointsAdded().isEmpty()) {
      newEndpoints = new TreeMap<>(endpointMap);
      for (String ip : delta.endpointsRemoved()) {
        newDigest = without(newDigest, newEndpoints.remove(ip));
      }
      for (Endpoint e : delta.endpointsAdded()) {
        newDigest = without(newDigest, newEndpoints.put(key(e), e)).plus(e);
      }
    }
    return new NetworkTable(network, epoch, delta.version(), newPeers, newEndpoints, newDigest);
  }

  /**
   * This content under another epoch and version: an agent's table that a coordinator member found equal to its own
   * (same {@link #digest()}) takes that member's numbering, so the member's next delta applies to it.
   */
  public NetworkTable relabel(String newEpoch, long newVersion) {
    return new NetworkTable(network, newEpoch, newVersion, peerMap, endpointMap, digest);
  }

  /** The table at this version plus one with exactly the given content (same key twice: the later wins). */
  public NetworkTable next(Collection<Peer> peers, Collection<Endpoint> endpoints) {
    TreeMap<String, Peer> newPeers = peerMap(peers);
    TreeMap<String, Endpoint> newEndpoints = endpointMap(endpoints);
    TableDigest newDigest = rehash(rehash(digest, peerMap, newPeers), endpointMap, newEndpoints);
    return new NetworkTable(network, epoch, version + 1, newPeers, newEndpoints, newDigest);
  }

  /** This content at this version plus one. */
  public NetworkTable nextVersion() {
    return new NetworkTable(network, epoch, version + 1, peerMap, endpointMap, digest);
  }

  /** This table, same version, with {@code peer} added or replacing the peer of its host. */
  public NetworkTable withPeer(Peer peer) {
    TreeMap<String, Peer> copy = new TreeMap<>(peerMap);
    TableDigest newDigest = without(digest, copy.put(key(peer), peer)).plus(peer);
    return new NetworkTable(network, epoch, version, copy, endpointMap, newDigest);
  }

  /** This table, same version, without the peer of {@code host}; this table itself when there is none. */
  public NetworkTable withoutPeer(String host) {
    if (!peers.containsKey(host)) {
      return this;
    }
    TreeMap<String, Peer> copy = new TreeMap<>(peerMap);
    TableDigest newDigest = without(digest, copy.remove(host));
    return new NetworkTable(network, epoch, version, copy, endpointMap, newDigest);
  }

  /** This table, same version, with {@code endpoint} added or replacing the endpoint of its IP. */
  public NetworkTable withEndpoint(Endpoint endpoint) {
    TreeMap<String, Endpoint> copy = new TreeMap<>(endpointMap);
    TableDigest newDigest = without(digest, copy.put(key(endpoint), endpoint)).plus(endpoint);
    return new NetworkTable(network, epoch, version, peerMap, copy, newDigest);
  }

  /** This table, same version, without the endpoint of {@code ip}; this table itself when there is none. */
  public NetworkTable withoutEndpoint(String ip) {
    if (!endpoints.containsKey(ip)) {
      return this;
    }
    TreeMap<String, Endpoint> copy = new TreeMap<>(endpointMap);
    TableDigest newDigest = without(digest, copy.remove(ip));
    return new NetworkTable(network, epoch, version, peerMap, copy, newDigest);
  }

  public String network() {
    return network;
  }

  public String epoch() {
    return epoch;
  }

  public long version() {
    return version;
  }

  /** The fingerprint of the peers and endpoints: equal content, equal digest, whatever the epoch and version. */
  public TableDigest digest() {
    return digest;
  }

  /** Peers by host id, sorted; unmodifiable. */
  public NavigableMap<String, Peer> peers() {
    return peers;
  }

  /** Endpoints by IP, sorted by the IP's text; unmodifiable. */
  public NavigableMap<String, Endpoint> endpoints() {
    return endpoints;
  }

  /** The peer of {@code host}; empty when it takes no part. */
  public Optional<Peer> peer(String host) {
    return Optional.ofNullable(peers.get(host));
  }

  /** The endpoint with {@code ip}; empty when there is none. */
  public Optional<Endpoint> endpoint(String ip) {
    return Optional.ofNullable(endpoints.get(ip));
  }

  /** Whether the peers and endpoints equal {@code other}'s, whatever the network, epoch and version. */
  public boolean sameContent(NetworkTable other) {
    return peers.equals(other.peers) && endpoints.equals(other.endpoints);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetworkTable t && version == t.version && network.equals(t.network)
        && epoch.equals(t.epoch) && sameContent(t);
  }

  @Override
  public int hashCode() {
    return Objects.hash(network, epoch, version, peers, endpoints);
  }

  /** Network, epoch, version and sizes, for logs; not the content. */
  @Override
  public String toString() {
    return "NetworkTable[" + network + " " + epoch + "#" + version + ", " + peers.size() + " peers, "
        + endpoints.size() + " endpoints]";
  }
}
