package dev.weft.coordinator.config;

import java.nio.file.Path;
import java.util.List;

/**
 * How this coordinator joins its peers (issue 4). A single member with the embedded store needs none of it.
 *
 * @param listenHost  address this member's Hazelcast binds to and announces; null picks loopback and a free port
 * @param listenPort  Hazelcast port; 0 with a null host
 * @param members     HOST:PORT of every member (this one included or not); empty for a single member
 * @param store       {@code embedded} (H2 in the data dir, one member) or a {@code postgresql://…} URL
 * @param masterKeyFile the cluster's master key (issue 12); null for {@code master.key} in the data dir
 */
public record ClusterConfig(String listenHost, int listenPort, List<String> members, String store,
                            Path masterKeyFile) {
  public static final String EMBEDDED = "embedded";

  public ClusterConfig {
    members = List.copyOf(members);
  }

  public ClusterConfig(String listenHost, int listenPort, List<String> members, String store) {
    this(listenHost, listenPort, members, store, null);
  }

  public static ClusterConfig single() {
    return new ClusterConfig(null, 0, List.of(), EMBEDDED);
  }

  /** The master key's file: the one given, else {@code master.key} in {@code dataDir}. */
  public Path masterKeyFile(Path dataDir) {
    return masterKeyFile != null ? masterKeyFile : dataDir.resolve("master.key");
  }

  public ClusterConfig withMasterKeyFile(Path file) {
    return new ClusterConfig(listenHost, listenPort, members, store, file);
  }

  public boolean embedded() {
    return EMBEDDED.equals(store);
  }

  /** This member's HOST:PORT, or null when not given. */
  public String self() {
    return listenHost == null ? null : listenHost + ":" + listenPort;
  }

  /**
   * How many members the cluster has by configuration: the listed members plus this one when it is not listed.
   * A side of a partition needs a majority of this many to write.
   */
  public int expectedSize() {
    if (members.isEmpty()) {
      return 1;
    }
    return self() == null || members.contains(self()) ? members.size() : members.size() + 1;
  }

  /** The smallest majority of {@link #expectedSize()}. */
  public int quorum() {
    return expectedSize() / 2 + 1;
  }

  public ClusterConfig withStore(String url) {
    return new ClusterConfig(listenHost, listenPort, members, url, masterKeyFile);
  }

  public ClusterConfig withListen(String host, int port) {
    return new ClusterConfig(host, port, members, store, masterKeyFile);
  }

  public ClusterConfig withMembers(List<String> list) {
    return new ClusterConfig(listenHost, listenPort, list, store, masterKeyFile);
  }
}
