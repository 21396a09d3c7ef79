package dev.weft.common.model;

import java.util.Map;

/**
 * A Weft overlay network as the coordinator stores it and agents receive it.
 *
 * @param name        DNS label, unique cluster-wide
 * @param subnet      IPv4 CIDR, never overlapping another network's
 * @param vni         VXLAN network identifier, unique cluster-wide
 * @param mtu         MTU for container interfaces; 0 means "underlay MTU minus overhead", decided by each agent
 * @param encrypted   traffic must be encrypted between hosts
 * @param labels      free-form user labels, never null
 * @param blockPrefix prefix length of the per-host address blocks carved from {@code subnet}
 * @param createdAt   ISO-8601 instant
 */
public record Network(String name, String subnet, int vni, int mtu, boolean encrypted,
                      Map<String, String> labels, int blockPrefix, String createdAt) {
  public Network {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
