package dev.weft.agent.dataplane;

/** The kernel side of the agent. One implementation programs Linux with iproute2; tests may use a fake. */
public interface DataPlane {

  /**
   * Makes the kernel match {@code desired}: reads what Weft made, computes the difference and applies only that,
   * in batches. Idempotent; safe to call again after a failure or a restart of the agent. Touches only devices and
   * namespaces Weft made (their names carry this host's prefix).
   *
   * @throws DataPlaneException when a change fails; the parts that did apply stay applied and the next call retries
   */
  void apply(DesiredState desired);

  /** Removes every namespace and device this agent made. Used by {@code --cleanup} and tests. */
  void removeAll();
}
