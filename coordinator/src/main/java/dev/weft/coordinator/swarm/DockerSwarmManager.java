package dev.weft.coordinator.swarm;

import dev.weft.coordinator.error.SwarmUnavailableException;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskStatus;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Swarm manager through docker-java (httpclient5 transport, API version pinned to 1.41: engine 20.10 refuses
 * newer ones, as seen on Docker 20.10). Blocking; the coordinator calls it from worker threads only.
 */
public final class DockerSwarmManager implements SwarmManager {
  private final String url;
  private final DockerClient client;

  /** @param url {@code unix:///var/run/docker.sock} or {@code tcp://HOST:PORT} */
  public DockerSwarmManager(String url) {
    this.url = url;
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(url)
        .withApiVersion(RemoteApiVersion.VERSION_1_41)
        .build();
    this.client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .maxConnections(8)
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofSeconds(15))
        .build());
  }

  @Override
  public boolean configured() {
    return true;
  }

  @Override
  public String describe() {
    return url;
  }

  @Override
  public boolean serviceExists(String name) {
    try {
      // the engine's name filter matches prefixes: compare exactly
      for (Service s : client.listServicesCmd().withNameFilter(List.of(name)).exec()) {
        if (s.getSpec() != null && name.equals(s.getSpec().getName())) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
  }

  @Override
  public List<SwarmTask> tasks(String service) {
    List<Task> tasks;
    try {
      tasks = client.listTasksCmd().withServiceFilter(service).exec();
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
    List<SwarmTask> out = new ArrayList<>();
    for (Task t : tasks) {
      TaskStatus status = t.getStatus();
      String container = status == null || status.getContainerStatus() == null ? null
          : status.getContainerStatus().getContainerID();
      String state = status == null || status.getState() == null ? null : lower(status.getState().getValue());
      String desired = t.getDesiredState() == null ? null : lower(t.getDesiredState().getValue());
      out.add(new SwarmTask(t.getId(), t.getSlot() == null ? 0 : t.getSlot(), t.getNodeId(),
          container == null || container.isBlank() ? null : container, state, desired,
          status == null ? null : status.getErr()));
    }
    return out;
  }

  private SwarmUnavailableException unavailable(RuntimeException e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().trim();
    return new SwarmUnavailableException("swarm manager " + url + ": " + msg, e);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
