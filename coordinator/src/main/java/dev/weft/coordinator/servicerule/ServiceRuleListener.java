package dev.weft.coordinator.servicerule;

/** Told of every change of the stored service rules, on the executor it was registered with. */
@FunctionalInterface
public interface ServiceRuleListener {
  /** One change; called on the listener's executor, never on a storage thread. */
  void event(ServiceRuleEvent event);
}
