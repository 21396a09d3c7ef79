package dev.weft.coordinator.distribution;

/** The coordinator's end of one registered agent connection, as distribution sees it. */
public interface AgentLink {
  /** The host this connection registered as; never null. */
  String hostId();

  /** Queues one text frame; never blocks; a closed link drops it silently. */
  void send(String text);

  /** Queues one text frame that other links get too; by default as {@link #send(String)} of its text. */
  default void send(Outgoing message) {
    send(message.text());
  }

  /** Closes the connection (a newer one of the same host took over). */
  void close();
}
