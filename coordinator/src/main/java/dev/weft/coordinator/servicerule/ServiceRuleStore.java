package dev.weft.coordinator.servicerule;

import dev.weft.common.model.ServiceRule;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Swarm service rules (issue 5), keyed by {@code network/service}. Adding is one create-if-absent: two concurrent
 * attaches of the same rule create it once. Every method blocks: call it from a worker. Failure: the
 * implementation's {@link RuntimeException} ({@link dev.weft.coordinator.error.NoQuorumException},
 * {@link dev.weft.coordinator.error.StoreException}); nothing changed then.
 */
public interface ServiceRuleStore {
  /** The order of {@link #all()} and {@link #ofNetwork}: by network, then service. */
  Comparator<ServiceRule> ORDER = Comparator.comparing(ServiceRule::network).thenComparing(ServiceRule::service);

  /** The store key of a rule. */
  static String key(String network, String service) {
    return network + "/" + service;
  }

  /** Stores the rule unless it exists, atomically. @return true when created, false when it existed (nothing changed) */
  boolean add(ServiceRule rule);

  /** Removes the rule, atomically. @return true when removed, false when there was no such rule */
  boolean remove(String network, String service);

  /** @return whether the rule is stored now */
  boolean exists(String network, String service);

  /** The rules of one network, by service name; empty when none. */
  List<ServiceRule> ofNetwork(String network);

  /** Every rule, by network then service; empty when none. */
  List<ServiceRule> all();

  /**
   * Calls {@code listener} on {@code executor} for every later change made on any member, never on a storage thread
   * or the writer's thread.
   */
  void addListener(Executor executor, ServiceRuleListener listener);
}
