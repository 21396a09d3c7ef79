package dev.weft.common.model;

/**
 * One container (or Swarm task) interface on a Weft network.
 *
 * @param host      id of the host the endpoint lives on
 * @param ip        IPv4 address without prefix, unique within the network
 * @param mac       colon-separated lower-case MAC
 * @param container Docker container id
 * @param service   Swarm service name, or null for a plain container
 */
public record Endpoint(String network, String host, String ip, String mac, String container, String service) {
}
