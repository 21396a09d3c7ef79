package dev.weft.coordinator.servicerule;

import dev.weft.common.model.ServiceRule;

/**
 * One change of a stored service rule, made on any member.
 *
 * @param type     what happened, derived from {@code previous} and {@code current}
 * @param key      {@code network/service} ({@link ServiceRuleStore#key}), never null
 * @param previous the rule before, or null when it was added
 * @param current  the rule after, or null when it was removed
 */
public record ServiceRuleEvent(Type type, String key, ServiceRule previous, ServiceRule current) {
  /** What happened to the rule. */
  public enum Type { ADDED, UPDATED, REMOVED }

  /** The event of a change from {@code previous} to {@code current}; not both null. */
  public static ServiceRuleEvent of(String key, ServiceRule previous, ServiceRule current) {
    Type type = previous == null ? Type.ADDED : current == null ? Type.REMOVED : Type.UPDATED;
    return new ServiceRuleEvent(type, key, previous, current);
  }
}
