package dev.weft.coordinator.swarm;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.ServiceRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where each task of an attached service stands: pure, from Swarm's tasks, the network's endpoints and the hosts. */
public final class ServiceStatus {
  static final String ATTACHED = "attached";
  static final String PENDING = "pending";
  static final String STALE = "stale";

  /**
   * What the coordinator knows of one Weft host.
   *
   * @param swarmNodeId null when the host is in no swarm
   * @param errors      the errors the agent reports for its host
   */
  public record HostFacts(String hostId, String swarmNodeId, boolean up, List<String> errors) {
  }

  private ServiceStatus() {
  }

  /**
   * @param tasks     Swarm's tasks of the service, or null when unknown (no manager, or it failed: {@code note})
   * @param endpoints the network's endpoints
   */
  public static ServiceView of(ServiceRule rule, List<SwarmTask> tasks, String note, List<Endpoint> endpoints,
                               List<HostFacts> hosts) {
    Map<String, Endpoint> byContainer = new HashMap<>();
    for (Endpoint e : endpoints) {
      if (e.network().equals(rule.network()) && e.container() != null) {
        byContainer.put(e.container(), e);
      }
    }
    List<ServiceView.Task> out = new ArrayList<>();
    if (tasks == null) {
      for (Endpoint e : endpoints) {
        if (rule.service().equals(e.service())) {
          out.add(new ServiceView.Task(null, e.host(), e.container(), e.ip(), ATTACHED, null));
        }
      }
      out.sort(Comparator.comparing(ServiceView.Task::node).thenComparing(ServiceView.Task::address));
      return new ServiceView(rule.network(), rule.service(), false, note, out);
    }
    Map<String, HostFacts> byNode = new HashMap<>();
    for (HostFacts h : hosts) {
      if (h.swarmNodeId() != null) {
        byNode.put(h.swarmNodeId(), h);
      }
    }
    Set<String> taskContainers = new HashSet<>();
    List<SwarmTask> sorted = new ArrayList<>(tasks);
    sorted.sort(Comparator.comparingInt(SwarmTask::slot).thenComparing(SwarmTask::id));
    for (SwarmTask t : sorted) {
      if (!t.wanted() || !t.running()) {
        if (t.wanted()) {
          HostFacts h = t.nodeId() == null ? null : byNode.get(t.nodeId());
          out.add(new ServiceView.Task(t.id(), node(t, h), t.containerId(), null, PENDING,
              "task " + t.state() + (t.error() == null || t.error().isBlank() ? "" : ": " + t.error())));
        }
        continue;
      }
      taskContainers.add(t.containerId());
      HostFacts h = t.nodeId() == null ? null : byNode.get(t.nodeId());
      Endpoint e = t.containerId() == null ? null : byContainer.get(t.containerId());
      if (e != null) {
        out.add(new ServiceView.Task(t.id(), e.host(), t.containerId(), e.ip(), ATTACHED, null));
      } else {
        out.add(new ServiceView.Task(t.id(), node(t, h), t.containerId(), null, PENDING, whyNot(rule, t, h)));
      }
    }
    for (Endpoint e : endpoints) {
      if (rule.service().equals(e.service()) && e.network().equals(rule.network())
          && !taskContainers.contains(e.container())) {
        out.add(new ServiceView.Task(null, e.host(), e.container(), e.ip(), STALE,
            "no running task of the service has this container (the host's agent detaches it)"));
      }
    }
    return new ServiceView(rule.network(), rule.service(), true, note, out);
  }

  private static String node(SwarmTask t, HostFacts h) {
    return h != null ? h.hostId() : t.nodeId();
  }

  /** A running task without an endpoint: the most specific reason known. */
  static String whyNot(ServiceRule rule, SwarmTask t, HostFacts h) {
    if (h == null) {
      return "not attached: no Weft agent reports swarm node " + t.nodeId();
    }
    if (!h.up()) {
      return "not attached: host " + h.hostId() + " is down";
    }
    String shortId = t.containerId() == null ? null : t.containerId().substring(0, Math.min(12, t.containerId().length()));
    for (String err : h.errors()) {
      if ((shortId != null && err.contains(shortId)) || err.contains("network " + rule.network() + ":")) {
        return "not attached: " + err;
      }
    }
    return "not attached yet";
  }
}
