package dev.weft.coordinator.cluster;

/**
 * What the coordinator asks of the cluster it is a member of (issue 4): whether it may allocate, whether it runs the
 * once-only work, and what to do after a split healed or the majority was lost. {@link ClusterMonitor} answers for
 * a Hazelcast member; {@link SingleMember} for a coordinator whose state lives in memory only.
 */
public interface ClusterView extends AutoCloseable {
  /** Starts watching membership; before it, no callback runs. */
  void start();

  /** Members this member sees, itself included; 0 when it has stopped. */
  int members();

  /** Whether this member sees a majority of the configured members, so that it may allocate. */
  boolean quorum();

  /** Whether this member runs once-only work now (block reclaim, key rotation): false without a majority. */
  boolean leader();

  /** Runs {@code action} off the storage threads after this member merged back into the cluster after a split. */
  void onMerged(Runnable action);

  /** Runs {@code action} (it must not block) when this member no longer sees a majority. */
  void onQuorumLost(Runnable action);

  /** The cluster's lines of {@code /metrics}, Prometheus text; never null. */
  String metrics();

  @Override
  void close();
}
