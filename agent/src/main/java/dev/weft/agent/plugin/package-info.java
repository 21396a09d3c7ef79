/**
 * Weft as a Docker network driver and IPAM driver named {@code weft} (issue 14): libnetwork's remote driver and remote
 * IPAM protocols (JSON over HTTP on a Unix socket in {@code /run/docker/plugins}), answered from the agent's own state.
 * Nothing here calls the Docker API: dockerd holds locks while it waits for a driver's answer, and a driver that calls
 * back can deadlock it. {@link dev.weft.agent.plugin.NetworkDriver} and {@link dev.weft.agent.plugin.IpamDriver} hold
 * the logic, {@link dev.weft.agent.plugin.PluginServer} the socket.
 */
package dev.weft.agent.plugin;
