package dev.weft.coordinator.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.ServiceRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceStatusTest {
  static final ServiceRule RULE = new ServiceRule("blue", "web");
  static final List<ServiceStatus.HostFacts> HOSTS = List.of(
      new ServiceStatus.HostFacts("lab-1", "node1", true, List.of()),
      new ServiceStatus.HostFacts("lab-2", "node2", false, List.of()),
      new ServiceStatus.HostFacts("lab-3", "node3", true,
          List.of("network blue: no address block for new containers: pool exhausted")));

  static SwarmTask running(String id, int slot, String node, String container) {
    return new SwarmTask(id, slot, node, container, "running", "running", null);
  }

  static Endpoint ep(String host, String ip, String container, String service) {
    return new Endpoint("blue", host, ip, "02:00:00:00:00:01", container, service);
  }

  @Test
  void attachedTaskShowsHostAndAddress() {
    ServiceView v = ServiceStatus.of(RULE, List.of(running("t1", 1, "node1", "c1")), null,
        List.of(ep("lab-1", "100.64.0.2", "c1", "web")), HOSTS);
    assertThat(v.tasksKnown()).isTrue();
    assertThat(v.tasks()).containsExactly(new ServiceView.Task("t1", "lab-1", "c1", "100.64.0.2", "attached", null));
  }

  @Test
  void runningTaskWithoutEndpointIsPendingWithTheMostSpecificReason() {
    ServiceView v = ServiceStatus.of(RULE, List.of(
        running("t1", 1, "node1", "c1"),
        running("t2", 2, "node2", "c2"),
        running("t3", 3, "node3", "c3"),
        running("t4", 4, "node9", "c4")), null, List.of(), HOSTS);
    assertThat(v.tasks()).extracting(ServiceView.Task::state).containsOnly("pending");
    assertThat(v.tasks()).extracting(ServiceView.Task::reason).containsExactly(
        "not attached yet",
        "not attached: host lab-2 is down",
        "not attached: network blue: no address block for new containers: pool exhausted",
        "not attached: no Weft agent reports swarm node node9");
    assertThat(v.tasks()).extracting(ServiceView.Task::node).containsExactly("lab-1", "lab-2", "lab-3", "node9");
  }

  @Test
  void startingTaskIsPendingAndShutDownTasksAreLeftOut() {
    ServiceView v = ServiceStatus.of(RULE, List.of(
        new SwarmTask("t1", 1, "node1", null, "preparing", "running", null),
        new SwarmTask("t0", 1, "node1", "old", "shutdown", "shutdown", null),
        new SwarmTask("t5", 2, "node1", "c5", "rejected", "running", "no such image")), null, List.of(), HOSTS);
    assertThat(v.tasks()).containsExactly(
        new ServiceView.Task("t1", "lab-1", null, null, "pending", "task preparing"),
        new ServiceView.Task("t5", "lab-1", "c5", null, "pending", "task rejected: no such image"));
  }

  @Test
  void endpointOfTheServiceWithoutARunningTaskIsStale() {
    ServiceView v = ServiceStatus.of(RULE, List.of(running("t1", 1, "node1", "c1")), null, List.of(
        ep("lab-1", "100.64.0.2", "c1", "web"),
        ep("lab-1", "100.64.0.3", "gone", "web"),
        ep("lab-1", "100.64.0.4", "plain", null)), HOSTS);
    assertThat(v.tasks()).extracting(ServiceView.Task::state).containsExactly("attached", "stale");
    assertThat(v.tasks().get(1).address()).isEqualTo("100.64.0.3");
  }

  @Test
  void withoutTasksOnlyAttachedEndpointsOfTheServiceAreListed() {
    ServiceView v = ServiceStatus.of(RULE, null, "no manager", List.of(
        ep("lab-2", "100.64.0.9", "c2", "web"),
        ep("lab-1", "100.64.0.2", "c1", "web"),
        ep("lab-1", "100.64.0.4", "other", "db")), HOSTS);
    assertThat(v.tasksKnown()).isFalse();
    assertThat(v.note()).isEqualTo("no manager");
    assertThat(v.tasks()).extracting(ServiceView.Task::container).containsExactly("c1", "c2");
  }
}
