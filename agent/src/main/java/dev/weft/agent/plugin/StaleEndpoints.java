package dev.weft.agent.plugin;

import dev.weft.agent.docker.DockerNetworkEngine.DockerEndpoint;
import dev.weft.agent.ipam.LocalIpam;
import dev.weft.common.net.Ipv4;
import dev.weft.common.wire.ToCoordinator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees what Docker forgot to give back (issue 14): a container removed while this agent was down leaves its endpoint
 * and address behind here, because Docker's DeleteEndpoint and ReleaseAddress found no driver. An endpoint, or a held
 * address, that Docker has not listed on its network for {@link #GRACE} (longer than any CreateEndpoint-to-Join) is
 * removed as DeleteEndpoint and ReleaseAddress would have: the coordinator is told, the address is free again. Runs on
 * the Docker thread with Docker's own list; never when that list could not be read.
 */
public final class StaleEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(StaleEndpoints.class);
  static final Duration GRACE = Duration.ofSeconds(30);

  private final DriverEndpoints state;
  private final LocalIpam ipam;
  private final DriverHost host;
  private final Clock clock;
  /** What Docker did not list, since when: endpoint ids, and "network/ip" of held addresses. */
  private final Map<String, Instant> missingSince = new HashMap<>();

  public StaleEndpoints(DriverEndpoints state, LocalIpam ipam, DriverHost host, Clock clock) {
    this.state = state;
    this.ipam = ipam;
    this.host = host;
    this.clock = clock;
  }

  /**
   * @param docker Docker network id → the endpoints Docker has on it; null when unknown (then nothing is swept)
   */
  public synchronized void sweep(Map<String, List<DockerEndpoint>> docker) {
    if (docker == null) {
      return;
    }
    Instant now = clock.instant();
    Set<String> listedEndpoints = new HashSet<>();
    Map<String, Set<String>> listedAddresses = new HashMap<>();
    docker.forEach((dockerId, endpoints) -> state.network(dockerId).ifPresent(weft -> endpoints.forEach(e -> {
      listedEndpoints.add(e.endpointId());
      if (e.ip() != null) {
        listedAddresses.computeIfAbsent(weft, k -> new HashSet<>()).add(e.ip());
      }
    })));
    Set<String> seen = new HashSet<>();
    DriverEndpoints.Snapshot snapshot = state.snapshot();
    snapshot.endpoints().forEach((id, e) -> {
      if (listedEndpoints.contains(id) || listedAddresses.getOrDefault(e.network(), Set.of()).contains(e.ip())) {
        return;
      }
      seen.add(id);
      if (expired(id, now)) {
        drop(id, e);
      }
    });
    for (String network : ipam.networks()) {
      for (Ipv4 ip : ipam.held(network)) {
        String key = network + "/" + ip;
        if (listedAddresses.getOrDefault(network, Set.of()).contains(ip.toString())
            || snapshot.endpoints().values().stream().anyMatch(e -> e.network().equals(network)
                && e.ip().equals(ip.toString()))) {
          continue;
        }
        seen.add(key);
        if (expired(key, now) && ipam.unhold(network, ip)) {
          LOG.info("network {}: address {} freed: Docker no longer lists it (given back while this agent was down?)",
              network, ip);
        }
      }
    }
    missingSince.keySet().retainAll(seen);
  }

  private boolean expired(String key, Instant now) {
    Instant since = missingSince.putIfAbsent(key, now);
    return since != null && !now.isBefore(since.plus(GRACE));
  }

  private void drop(String id, DriverEndpoints.DriverEndpoint e) {
    ipam.unbind(e.network(), id);
    state.removeEndpoint(id);
    ipam.unhold(e.network(), Ipv4.parse(e.ip()));
    host.send(new ToCoordinator.EndpointRemove(e.network(), e.ip()));
    LOG.info("docker endpoint {} of network {} ({}) freed: Docker no longer lists it (its container went while this "
        + "agent was down?)", NetworkDriver.shortId(id), e.network(), e.ip());
    host.applyNow();
  }
}
