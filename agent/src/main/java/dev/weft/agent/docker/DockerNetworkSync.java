package dev.weft.agent.docker;

import dev.weft.common.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this host's Docker networks in step with the Weft catalog ({@link DockerNetworkPlan}), on the Docker thread,
 * once Weft's driver serves. A network that Docker will not remove (containers still use it) is kept and reported.
 */
public final class DockerNetworkSync {
  private static final Logger LOG = LoggerFactory.getLogger(DockerNetworkSync.class);

  private final DockerNetworkEngine engine;
  private static final long RESTART_CHECK_NANOS = 10_000_000_000L;
  private volatile List<String> problems = List.of();
  /** When stopped containers were last looked at (Docker thread only); 0 before the first time. */
  private long lastRestartCheck;
  /** Docker network id → the endpoints Docker has on it, as of the last run; null when they could not be read. */
  private volatile Map<String, List<DockerNetworkEngine.DockerEndpoint>> endpoints;

  public DockerNetworkSync(DockerNetworkEngine engine) {
    this.engine = engine;
  }

  /** Why Docker networks differ from the catalog after the last run, for the host report. */
  public List<String> problems() {
    return problems;
  }

  /**
   * The endpoints Docker had on each of its networks of Weft's driver at the end of the last run (by Docker network
   * id), or null when they could not all be read: then nothing may be taken as gone.
   */
  public Map<String, List<DockerNetworkEngine.DockerEndpoint>> endpoints() {
    return endpoints;
  }

  /** Brings the Docker networks in step with {@code catalog}; does nothing without one. */
  public void run(Map<String, Network> catalog) {
    if (catalog == null) {
      return;
    }
    List<String> now = new ArrayList<>();
    DockerNetworkPlan plan;
    try {
      plan = DockerNetworkPlan.plan(catalog, engine.weftNetworks());
    } catch (RuntimeException e) {
      problems = List.of("docker networks: cannot list them: " + DockerWatcher.describe(e));
      return;
    }
    List<String> kept = new ArrayList<>();
    for (DockerNetworkEngine.DockerNetwork d : plan.remove()) {
      try {
        engine.remove(d.id());
        LOG.info("docker network {} removed: {}", d.name(), catalog.containsKey(d.name())
            ? "Weft network " + d.name() + " changed" : "Weft network " + d.name() + " is gone");
      } catch (RuntimeException e) {
        kept.add(d.name());
        now.add("docker network " + d.name() + " kept: " + (catalog.containsKey(d.name())
            ? "it no longer matches Weft network " + d.name() : "Weft network " + d.name() + " is gone")
            + ", but Docker will not remove it (" + DockerWatcher.describe(e) + "); remove its containers");
      }
    }
    for (Network n : plan.create()) {
      if (kept.contains(n.name())) {
        continue;
      }
      try {
        engine.create(n.name(), n.subnet());
        LOG.info("docker network {} made for Weft network {} ({})", n.name(), n.name(), n.subnet());
      } catch (RuntimeException e) {
        now.add("docker network " + n.name() + " could not be made: " + DockerWatcher.describe(e));
      }
    }
    if (!now.equals(problems)) {
      now.forEach(LOG::warn);
    }
    problems = List.copyOf(now);
    endpoints = readEndpoints();
    startWhatFailedForTheDriver();
  }

  /**
   * Containers that dockerd could not start while the driver was away are started now that it answers; looked for at
   * most every {@link #RESTART_CHECK_NANOS} (it inspects every stopped container).
   */
  private void startWhatFailedForTheDriver() {
    long now = System.nanoTime();
    if (lastRestartCheck != 0 && now - lastRestartCheck < RESTART_CHECK_NANOS) {
      return;
    }
    lastRestartCheck = now;
    List<String> failed;
    try {
      failed = engine.failedForTheDriver();
    } catch (RuntimeException e) {
      return; // the next run asks again
    }
    for (String id : failed) {
      try {
        engine.start(id);
        LOG.info("container {} started: dockerd could not start it while Weft's driver was away",
            ContainerNetworks.shortId(id));
      } catch (RuntimeException e) {
        LOG.warn("container {} could not be started again: {}", ContainerNetworks.shortId(id),
            DockerWatcher.describe(e));
      }
    }
  }

  private Map<String, List<DockerNetworkEngine.DockerEndpoint>> readEndpoints() {
    try {
      Map<String, List<DockerNetworkEngine.DockerEndpoint>> out = new TreeMap<>();
      for (DockerNetworkEngine.DockerNetwork d : engine.weftNetworks()) {
        out.put(d.id(), engine.endpoints(d.id()));
      }
      return out;
    } catch (RuntimeException e) {
      LOG.debug("docker endpoints unreadable: {}", e.toString());
      return null;
    }
  }
}
