package dev.weft.coordinator.swarm;

/**
 * One Swarm task as the manager reports it.
 *
 * @param id           task id
 * @param slot         replica slot, or 0 for a global service
 * @param nodeId       Swarm node id, or null while unassigned
 * @param containerId  full container id, or null before the container exists
 * @param state        observed state, lower case ({@code running}, {@code starting}, {@code shutdown}...)
 * @param desiredState desired state, lower case
 * @param error        the task's error message, or null
 */
public record SwarmTask(String id, int slot, String nodeId, String containerId, String state, String desiredState,
                        String error) {

  /** Whether Swarm means this task to run (a task being replaced or removed does not). */
  public boolean wanted() {
    return "running".equals(desiredState) || "ready".equals(desiredState) || "accepted".equals(desiredState);
  }

  public boolean running() {
    return "running".equals(state);
  }
}
