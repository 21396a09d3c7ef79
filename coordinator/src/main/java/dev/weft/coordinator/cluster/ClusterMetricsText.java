package dev.weft.coordinator.cluster;

/** The cluster's lines of {@code /metrics}, the same names whichever {@link ClusterView} fills them. */
final class ClusterMetricsText {
  private ClusterMetricsText() {
  }

  /**
   * @param storeSeconds time spent in statements on the database (0 without one)
   * @param storeCalls   statements run on the database (0 without one)
   * @param failovers    agent registrations that carried tables from an earlier connection
   */
  static String render(int members, boolean quorum, double storeSeconds, long storeCalls, long failovers) {
    return "# HELP weft_cluster_members Coordinator members this member sees, itself included.\n"
        + "# TYPE weft_cluster_members gauge\n"
        + "weft_cluster_members " + members + '\n'
        + "# HELP weft_quorum 1 when this member sees a majority of the configured members (it may allocate).\n"
        + "# TYPE weft_quorum gauge\n"
        + "weft_quorum " + (quorum ? 1 : 0) + '\n'
        + "# HELP weft_store_latency_seconds Time of the statements this member ran on the database.\n"
        + "# TYPE weft_store_latency_seconds summary\n"
        + "weft_store_latency_seconds_sum " + storeSeconds + '\n'
        + "weft_store_latency_seconds_count " + storeCalls + '\n'
        + "# HELP weft_agent_failovers_total Agent registrations carrying tables from an earlier connection (a "
        + "failover, a member restart, a reconnect).\n"
        + "# TYPE weft_agent_failovers_total counter\n"
        + "weft_agent_failovers_total " + failovers + '\n';
  }
}
