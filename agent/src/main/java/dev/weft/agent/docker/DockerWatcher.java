package dev.weft.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.weft.agent.host.HostInventory;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker engine through docker-java (httpclient5 transport, API version left unset: API 1.44 is refused by
 * engine 20.10). Lists running containers and turns container events into hints. Blocking: call it off event loops.
 */
public final class DockerWatcher implements ContainerSource, DockerNetworkEngine {
  private static final Logger LOG = LoggerFactory.getLogger(DockerWatcher.class);

  private final DockerClient client;
  /** A second client for the event stream: it has no response timeout, the stream may be idle for hours. */
  private final DockerClient events;
  private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "weft-docker-events");
    t.setDaemon(true);
    return t;
  });
  private final String dockerHost;
  private volatile boolean closed;
  private volatile int streamFailures;
  private volatile Closeable subscription;

  public DockerWatcher(String dockerHost) {
    this.dockerHost = dockerHost;
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost(dockerHost)
        .build();
    this.client = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .maxConnections(16)
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofSeconds(30))
        .build());
    this.events = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .maxConnections(2)
        .connectionTimeout(Duration.ofSeconds(5))
        .build());
  }

  @Override
  public List<LocalContainer> running() {
    try {
      return list();
    } catch (RuntimeException e) {
      throw new IllegalStateException(dockerHost + ": " + describe(e), e);
    }
  }

  private List<LocalContainer> list() {
    List<LocalContainer> out = new ArrayList<>();
    for (Container c : client.listContainersCmd().withStatusFilter(List.of("running")).exec()) {
      Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
      if (!labels.containsKey(NETWORKS_LABEL) && !labels.containsKey(SERVICE_LABEL)) {
        continue;
      }
      InspectContainerResponse inspect;
      try {
        inspect = client.inspectContainerCmd(c.getId()).exec();
      } catch (NotFoundException e) {
        continue; // removed between list and inspect
      }
      InspectContainerResponse.ContainerState state = inspect.getState();
      Long pid = state == null ? null : state.getPidLong();
      if (state == null || !Boolean.TRUE.equals(state.getRunning()) || pid == null || pid <= 0) {
        continue;
      }
      String name = inspect.getName() == null ? c.getId().substring(0, 12) : inspect.getName().replaceFirst("^/", "");
      out.add(new LocalContainer(c.getId(), name, pid.intValue(), labels));
    }
    return out;
  }

  @Override
  public List<DockerNetwork> weftNetworks() {
    List<DockerNetwork> out = new ArrayList<>();
    for (com.github.dockerjava.api.model.Network n : client.listNetworksCmd().withFilter("driver", List.of(DRIVER))
        .exec()) {
      String subnet = n.getIpam() == null || n.getIpam().getConfig() == null || n.getIpam().getConfig().isEmpty()
          ? null : n.getIpam().getConfig().get(0).getSubnet();
      Map<String, String> options = n.getOptions() == null ? Map.of() : n.getOptions();
      Map<String, String> labels = n.getLabels() == null ? Map.of() : n.getLabels();
      out.add(new DockerNetwork(n.getId(), n.getName(), subnet, options.get(NETWORK_OPTION),
          "true".equals(labels.get(MANAGED_LABEL))));
    }
    return out;
  }

  @Override
  public List<DockerEndpoint> endpoints(String id) {
    List<DockerEndpoint> out = new ArrayList<>();
    Map<String, com.github.dockerjava.api.model.Network.ContainerNetworkConfig> containers =
        client.inspectNetworkCmd().withNetworkId(id).exec().getContainers();
    if (containers != null) {
      containers.forEach((container, c) -> out.add(new DockerEndpoint(c.getEndpointId(), container, c.getName(),
          c.getIpv4Address() == null || c.getIpv4Address().isEmpty() ? null
              : c.getIpv4Address().replaceFirst("/.*", ""))));
    }
    return out;
  }

  @Override
  public List<String> failedForTheDriver() {
    List<String> out = new ArrayList<>();
    for (Container c : client.listContainersCmd().withShowAll(true).withStatusFilter(List.of("exited", "created"))
        .exec()) {
      InspectContainerResponse inspect;
      try {
        inspect = client.inspectContainerCmd(c.getId()).exec();
      } catch (NotFoundException e) {
        continue;
      }
      String error = inspect.getState() == null ? null : inspect.getState().getError();
      String policy = inspect.getHostConfig() == null || inspect.getHostConfig().getRestartPolicy() == null ? null
          : inspect.getHostConfig().getRestartPolicy().getName();
      if (error != null && (error.contains("plugin \"" + DRIVER + "\" not found") || error.startsWith("remote: weft:"))
          && ("always".equals(policy) || "unless-stopped".equals(policy))) {
        out.add(c.getId());
      }
    }
    return out;
  }

  @Override
  public void start(String containerId) {
    client.startContainerCmd(containerId).exec();
  }

  @Override
  public void create(String name, String subnet) {
    client.createNetworkCmd().withName(name).withDriver(DRIVER).withCheckDuplicate(true)
        .withIpam(new com.github.dockerjava.api.model.Network.Ipam().withDriver(DRIVER)
            .withConfig(new com.github.dockerjava.api.model.Network.Ipam.Config().withSubnet(subnet)))
        .withOptions(Map.of(NETWORK_OPTION, name))
        .withLabels(Map.of(MANAGED_LABEL, "true"))
        .exec();
  }

  @Override
  public void remove(String id) {
    client.removeNetworkCmd(id).exec();
  }

  @Override
  public Optional<DockerNetworkEngine> networks() {
    return Optional.of(this);
  }

  @Override
  public HostInventory.EngineInfo engineInfo() {
    Info info;
    try {
      info = client.infoCmd().exec();
    } catch (RuntimeException e) {
      throw new IllegalStateException(dockerHost + ": " + describe(e), e);
    }
    SwarmInfo swarm = info.getSwarm();
    String nodeId = swarm == null || swarm.getNodeID() == null || swarm.getNodeID().isBlank() ? null : swarm.getNodeID();
    String role = nodeId == null ? null : Boolean.TRUE.equals(swarm.getControlAvailable()) ? "manager" : "worker";
    return new HostInventory.EngineInfo(info.getServerVersion(), nodeId, role);
  }

  @Override
  public void watch(Runnable hint) {
    subscribe(hint);
  }

  private void subscribe(Runnable hint) {
    if (closed) {
      return;
    }
    ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
      @Override
      public void onStart(Closeable stream) {
        super.onStart(stream);
        if (streamFailures > 0) {
          LOG.info("docker event stream of {} restored", dockerHost);
          // Events missed meanwhile are covered by a reconcile now.
          hint.run();
        }
        streamFailures = 0;
      }

      @Override
      public void onNext(Event event) {
        LOG.debug("docker event {} {}", event.getAction(), event.getId());
        hint.run();
      }

      @Override
      public void onError(Throwable error) {
        if (!closed) {
          streamLost("failed: " + describe(error), hint);
        }
      }

      @Override
      public void onComplete() {
        if (!closed) {
          streamLost("ended", hint);
        }
      }
    };
    try {
      subscription = events.eventsCmd()
          .withEventTypeFilter(EventType.CONTAINER)
          .withEventFilter("start", "die", "stop", "kill", "destroy")
          .exec(callback);
      // Events that happened while we were not subscribed are covered by a reconcile now.
      hint.run();
    } catch (RuntimeException e) {
      streamLost("could not start: " + describe(e), hint);
    }
  }

  /** Resubscribes with backoff (1 s doubling to 16 s); logs the first loss loudly and repeats quietly. */
  private void streamLost(String why, Runnable hint) {
    int n = ++streamFailures;
    long delay = 1L << Math.min(n - 1, 4);
    if (n == 1) {
      LOG.warn("docker event stream of {} {}; resubscribing (the periodic resync covers the gap)", dockerHost, why);
    } else {
      LOG.debug("docker event stream {} (attempt {}); next try in {} s", why, n, delay);
    }
    if (!closed) {
      retry.schedule(() -> subscribe(hint), delay, TimeUnit.SECONDS);
    }
  }

  /** The innermost message of a failure, which names the real problem ("No such file or directory"). */
  static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public void close() {
    closed = true;
    retry.shutdownNow();
    try {
      Closeable s = subscription;
      if (s != null) {
        s.close();
      }
      events.close();
      client.close();
    } catch (IOException e) {
      LOG.debug("closing docker client: {}", e.toString());
    }
  }
}
