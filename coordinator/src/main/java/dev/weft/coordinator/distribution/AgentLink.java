package dev.weft.coordinator.distribution;

/** The coordinator's end of one registered agent connection, as distribution sees it. */
public interface AgentLink {
  /** The host this connection registered as; never null. */
  String hostId();

  /** Queues one text frame; never blocks; a closed link drops it silently. */
  void send(String text);

  /** Closes the connection (a newer one of the same host took over). */
  void close();
}
