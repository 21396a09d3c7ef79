package dev.weft.agent.dataplane;

/**
 * A container interface on this host.
 *
 * @param containerId Docker container id (full)
 * @param pid         a process in the container's network namespace ({@code /proc/PID/ns/net}); the container's
 *                    init pid from {@code docker inspect}
 * @param ip          IPv4 address without prefix
 * @param prefix      prefix length of the network's subnet
 * @param mac         colon-separated lower-case MAC
 */
public record Attachment(String containerId, int pid, String ip, int prefix, String mac) {
}
