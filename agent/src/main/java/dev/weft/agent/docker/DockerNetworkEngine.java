package dev.weft.agent.docker;

import java.util.List;

/**
 * The Docker networks of Weft's driver on this host's engine (issue 14). One real implementation:
 * {@link DockerWatcher}. Blocking; never call it from the Docker driver's request threads.
 */
public interface DockerNetworkEngine {
  /** Label on the Docker networks the agent made for Weft networks; only those it ever removes. */
  String MANAGED_LABEL = "dev.weft.managed";
  /** The driver and IPAM driver name of Weft's Docker plugin. */
  String DRIVER = "weft";
  /** The {@code -o} option that names a Docker network's Weft network (Docker does not tell a driver the name). */
  String NETWORK_OPTION = "weft.network";

  /**
   * A Docker network whose driver is Weft's.
   *
   * @param option  its {@code -o weft.network} option, or null
   * @param managed whether the agent made it ({@link #MANAGED_LABEL})
   */
  record DockerNetwork(String id, String name, String subnet, String option, boolean managed) {
  }

  /**
   * A container's endpoint on a Docker network, as {@code docker network inspect} lists it.
   *
   * @param ip its IPv4 address without prefix, or null
   */
  record DockerEndpoint(String endpointId, String containerId, String containerName, String ip) {
  }

  /** @throws RuntimeException when the engine cannot be asked */
  List<DockerNetwork> weftNetworks();

  /** The endpoints Docker has on network {@code id}. @throws RuntimeException when the engine cannot be asked */
  List<DockerEndpoint> endpoints(String id);

  /** Makes the Docker network {@code name} for the Weft network of that name. @throws RuntimeException as Docker */
  void create(String name, String subnet);

  /** Removes a Docker network. @throws RuntimeException as Docker (for example: it still has containers) */
  void remove(String id);

  /**
   * Containers that Docker should be running (restart policy {@code always} or {@code unless-stopped}) but could not
   * start because Weft's driver did not answer (their last error names it): dockerd restarted while the agent was
   * down, and Docker does not try again by itself. Their ids.
   *
   * @throws RuntimeException when the engine cannot be asked
   */
  List<String> failedForTheDriver();

  /** Starts a container. @throws RuntimeException as Docker */
  void start(String containerId);
}
