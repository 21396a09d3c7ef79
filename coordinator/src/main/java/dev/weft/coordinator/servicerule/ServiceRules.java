package dev.weft.coordinator.servicerule;

import dev.weft.coordinator.error.SwarmUnavailableException;
import dev.weft.common.model.HostStatus;
import dev.weft.common.model.ServiceRule;
import dev.weft.common.error.ValidationException;
import dev.weft.coordinator.network.NetworkService;
import dev.weft.coordinator.error.NotFoundException;
import dev.weft.coordinator.endpoint.EndpointStore;
import dev.weft.coordinator.host.HostRecord;
import dev.weft.coordinator.host.HostStore;
import dev.weft.coordinator.network.NetworkCatalog;
import dev.weft.common.model.Network;
import dev.weft.coordinator.swarm.ServiceStatus;
import dev.weft.coordinator.swarm.ServiceView;
import dev.weft.coordinator.swarm.SwarmManager;
import dev.weft.coordinator.swarm.SwarmTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swarm service rules (issue 5): attach, detach, and per-task status. Blocking, plain Java: call it from workers.
 * Names of services are checked with the Swarm manager when one is configured; without one any Swarm-style name is
 * accepted and the task list shows only what is attached.
 */
public final class ServiceRules {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRules.class);
  /** Swarm's own rule for service names (a DNS label, plus '_' and '.'), at most 63 characters. */
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");

  private final NetworkService networks;
  private final ServiceRuleStore rules;
  private final EndpointStore endpoints;
  private final HostStore hosts;
  private final SwarmManager swarm;
  /** Where catalog events are handled (they remove rules: blocking store calls, never on Hazelcast's threads). */
  private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newSingleThreadExecutor(
      r -> {
        Thread t = new Thread(r, "weft-service-rules");
        t.setDaemon(true);
        return t;
      });

  public ServiceRules(NetworkService networks, ServiceRuleStore rules, EndpointStore endpoints, HostStore hosts,
                      SwarmManager swarm) {
    this.networks = networks;
    this.rules = rules;
    this.endpoints = endpoints;
    this.hosts = hosts;
    this.swarm = swarm;
  }

  /** @throws ValidationException naming {@code service}, its value and what was expected */
  public static String requireServiceName(String service) {
    if (service == null || !SERVICE_NAME.matcher(service).matches()) {
      throw new ValidationException("service", service, "a Swarm service name: letters, digits, '_', '.', '-', "
          + "starting with a letter or digit, at most 63 characters");
    }
    return service;
  }

  /**
   * Attaches {@code service} to {@code network}; nothing changes when the rule exists.
   *
   * @return true when created, false when it already existed
   * @throws NotFoundException when the network, or (with a manager) the service, does not exist
   * @throws SwarmUnavailableException when the manager cannot be asked
   */
  public boolean attach(String network, String service) {
    requireServiceName(service);
    networks.get(network);
    if (rules.exists(network, service)) {
      return false;
    }
    if (swarm.configured() && !swarm.serviceExists(service)) {
      throw new NotFoundException("service \"" + service + "\" not found in the swarm of " + swarm.describe());
    }
    boolean created = rules.add(new ServiceRule(network, service));
    if (created) {
      LOG.info("service {} attached to network {}", service, network);
    }
    return created;
  }

  /** @throws NotFoundException when the network does not exist or the service is not attached to it */
  public void detach(String network, String service) {
    requireServiceName(service);
    networks.get(network);
    if (!rules.remove(network, service)) {
      throw new NotFoundException("service \"" + service + "\" is not attached to network \"" + network + "\"");
    }
    LOG.info("service {} detached from network {}", service, network);
  }

  /** The rules of a network with their tasks; empty when none. @throws NotFoundException for an unknown network */
  public List<ServiceView> list(String network) {
    networks.get(network);
    List<ServiceRule> attached = rules.ofNetwork(network);
    if (attached.isEmpty()) {
      return List.of();
    }
    var networkEndpoints = endpoints.ofNetwork(network);
    List<ServiceStatus.HostFacts> facts = new ArrayList<>();
    for (HostRecord h : hosts.list()) {
      List<String> errors = new ArrayList<>(h.report().errors());
      errors.addAll(h.coordinatorErrors());
      facts.add(new ServiceStatus.HostFacts(h.id(), h.report().swarmNodeId(), h.status() == HostStatus.UP, errors));
    }
    List<ServiceView> out = new ArrayList<>();
    for (ServiceRule rule : attached) {
      List<SwarmTask> tasks = null;
      String note = null;
      if (!swarm.configured()) {
        note = "no --swarm-manager configured: only attached tasks are listed; tasks not attached yet are unknown";
      } else {
        try {
          tasks = swarm.tasks(rule.service());
          if (tasks.isEmpty() && !swarm.serviceExists(rule.service())) {
            note = "service \"" + rule.service() + "\" does not exist in the swarm (the rule stays until detached)";
          }
        } catch (SwarmUnavailableException e) {
          note = e.getMessage() + "; only attached tasks are listed";
        }
      }
      out.add(ServiceStatus.of(rule, tasks, note, networkEndpoints, facts));
    }
    return out;
  }

  /** The thread catalog changes are delivered on. */
  public java.util.concurrent.Executor executor() {
    return executor;
  }

  /** Every rule, for distribution at start. */
  public List<ServiceRule> all() {
    return rules.all();
  }

  /** Drops the rules of networks that are gone (a deleted network takes its rules with it). Idempotent. */
  public void catalogChanged(NetworkCatalog catalog) {
    if (catalog == null) {
      catalog = NetworkCatalog.EMPTY;
    }
    Set<String> names = catalog.networks().stream().map(Network::name).collect(Collectors.toSet());
    for (ServiceRule r : rules.all()) {
      if (!names.contains(r.network())) {
        if (rules.remove(r.network(), r.service())) {
          LOG.info("network {} was deleted: rule for service {} removed", r.network(), r.service());
        }
      }
    }
  }
}
