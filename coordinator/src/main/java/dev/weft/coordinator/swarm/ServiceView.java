package dev.weft.coordinator.swarm;

import java.util.List;

/**
 * One rule as {@code GET /v1/networks/{name}/services} shows it.
 *
 * @param tasksKnown false when no Swarm manager is configured or it could not be asked: then {@code tasks} lists only
 *                   the attached ones (from the endpoints, which carry the service name) and {@code note} says why
 * @param note       null, or why the task list is incomplete
 */
public record ServiceView(String network, String service, boolean tasksKnown, String note, List<Task> tasks) {

  public ServiceView {
    tasks = List.copyOf(tasks);
  }

  /**
   * @param task      Swarm task id, or null when unknown
   * @param node      the Weft host id of the task's node, else the Swarm node id, else null
   * @param container full container id, or null before it exists
   * @param address   the Weft address when attached, else null
   * @param state     {@code attached}, {@code pending} (should be attached, is not), or {@code stale} (an endpoint of
   *                  this service whose container is no running task)
   * @param reason    why pending or stale; null when attached
   */
  public record Task(String task, String node, String container, String address, String state, String reason) {
  }
}
