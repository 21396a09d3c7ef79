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
    return copy(new Changes().masterKeyFile(file));
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
    return copy(new Changes().store(url));
  }

  public ClusterConfig withListen(String host, int port) {
    Changes changes = new Changes();
    changes.listenHost = host;
    changes.listenPort = port;
    changes.listenGiven = true;
    return copy(changes);
  }

  public ClusterConfig withMembers(List<String> list) {
    Changes changes = new Changes();
    changes.members = list;
    return copy(changes);
  }

  /** The one place that copies every field: what is not changed is kept. */
  private ClusterConfig copy(Changes c) {
    return new ClusterConfig(c.listenGiven ? c.listenHost : listenHost, c.listenGiven ? c.listenPort : listenPort,
        c.members != null ? c.members : members, c.store != null ? c.store : store,
        c.masterKeyFileGiven ? c.masterKeyFile : masterKeyFile);
  }

  /** Fields to change in {@link #copy}. */
  private static final class Changes {
    private String listenHost;
    private int listenPort;
    private boolean listenGiven;
    private List<String> members;
    private String store;
    private Path masterKeyFile;
    private boolean masterKeyFileGiven;

    Changes store(String url) {
      store = url;
      return this;
    }

    Changes masterKeyFile(Path file) {
      masterKeyFile = file;
      masterKeyFileGiven = true;
      return this;
    }
  }
}
