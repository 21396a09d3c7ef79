package dev.weft.common.model;

/**
 * A Swarm service attached to a Weft network (issue 5): every task of {@code service}, on every node, joins
 * {@code network}.
 *
 * @param network Weft network name
 * @param service Swarm service name (the value of the task containers' {@code com.docker.swarm.service.name} label)
 */
public record ServiceRule(String network, String service) {
}
