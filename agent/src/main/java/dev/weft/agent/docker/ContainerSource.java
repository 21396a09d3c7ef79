package dev.weft.agent.docker;

import dev.weft.agent.host.HostInventory;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The containers running on this host, from the Docker engine. One real implementation: {@link DockerWatcher}. */
public interface ContainerSource {

  /** Label naming the Weft networks a container joins, comma-separated. */
  String NETWORKS_LABEL = "weft.networks";
  /** Label Swarm puts on every task container (issue 5: services attached by rule from the coordinator). */
  String SERVICE_LABEL = "com.docker.swarm.service.name";

  /**
   * A running container that may join Weft networks.
   *
   * @param id     full container id
   * @param name   name without the leading slash
   * @param pid    its init process (its network namespace is {@code /proc/PID/ns/net}), > 0
   * @param labels never null
   */
  record LocalContainer(String id, String name, int pid, Map<String, String> labels) {
    public LocalContainer {
      labels = Map.copyOf(labels);
    }

    /** The Swarm service this container is a task of, or null. */
    public String service() {
      return labels.get(SERVICE_LABEL);
    }
  }

  /**
   * Running containers that carry {@link #NETWORKS_LABEL} or {@link #SERVICE_LABEL}.
   *
   * @throws RuntimeException when the engine cannot be asked; callers must then keep what they had (never treat a
   *                          failed listing as "no containers")
   */
  List<LocalContainer> running();

  /** The engine's Docker networks of Weft's driver (issue 14); empty for a source that has none. */
  default Optional<DockerNetworkEngine> networks() {
    return Optional.empty();
  }

  /** The engine's version and Swarm membership. @throws RuntimeException when the engine cannot be asked */
  HostInventory.EngineInfo engineInfo();

  /**
   * Calls {@code hint} (on some other thread) after a container starts, stops or is removed, until {@link #close()}.
   * Hints may be lost (for example while the engine restarts); the caller reconciles on a timer too.
   */
  void watch(Runnable hint);

  void close();
}
