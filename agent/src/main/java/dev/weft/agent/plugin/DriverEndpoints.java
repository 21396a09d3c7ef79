package dev.weft.agent.plugin;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.weft.agent.state.StateStore;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What Docker made through Weft's driver on this host (issue 14), kept in {@code driver.json} so that a restarted
 * agent answers Docker's next calls as before: which Docker network is which Weft network, and each endpoint's network
 * and whether it is joined. Addresses are in {@link dev.weft.agent.ipam.LocalIpam}. Thread-safe; writes are blocking.
 */
public final class DriverEndpoints {
  public static final String FILE = "driver.json";

  /**
   * One endpoint Docker made.
   *
   * @param network the Weft network's name
   * @param ip      its address
   * @param joined  whether a container's sandbox joined it (its interface is wanted in the kernel)
   */
  public record DriverEndpoint(String network, String ip, boolean joined) {
  }

  record Saved(Map<String, String> networks, Map<String, DriverEndpoint> endpoints) {
  }

  /** What the reconciler reads: Docker network id → Weft network, endpoint id → endpoint. */
  public record Snapshot(Map<String, String> networks, Map<String, DriverEndpoint> endpoints) {
    public Snapshot {
      networks = Map.copyOf(networks);
      endpoints = Map.copyOf(endpoints);
    }

    /** Whether {@code owner} (an endpoint id) in {@code network} is one of the driver's. */
    public boolean owns(String network, String owner) {
      DriverEndpoint e = endpoints.get(owner);
      return e != null && e.network().equals(network);
    }
  }

  private final StateStore store;
  private final Map<String, String> networks = new TreeMap<>();
  private final Map<String, DriverEndpoint> endpoints = new TreeMap<>();
  private volatile Snapshot snapshot;

  public DriverEndpoints(StateStore store) {
    this.store = store;
    store.read(FILE, new TypeReference<Saved>() { }).ifPresent(s -> {
      if (s.networks() != null) {
        networks.putAll(s.networks());
      }
      if (s.endpoints() != null) {
        endpoints.putAll(s.endpoints());
      }
    });
    snapshot = new Snapshot(networks, endpoints);
  }

  /** Lock-free: the state as of the last change. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /** The Weft network that Docker network {@code dockerId} is, if it is one. */
  public synchronized Optional<String> network(String dockerId) {
    return Optional.ofNullable(networks.get(dockerId));
  }

  public synchronized void bindNetwork(String dockerId, String network) {
    if (!network.equals(networks.put(dockerId, network))) {
      save();
    }
  }

  public synchronized void forgetNetwork(String dockerId) {
    if (networks.remove(dockerId) != null) {
      save();
    }
  }

  public synchronized Optional<DriverEndpoint> endpoint(String endpointId) {
    return Optional.ofNullable(endpoints.get(endpointId));
  }

  public synchronized void putEndpoint(String endpointId, DriverEndpoint endpoint) {
    if (!endpoint.equals(endpoints.put(endpointId, endpoint))) {
      save();
    }
  }

  public synchronized Optional<DriverEndpoint> removeEndpoint(String endpointId) {
    DriverEndpoint gone = endpoints.remove(endpointId);
    if (gone != null) {
      save();
    }
    return Optional.ofNullable(gone);
  }

  private void save() {
    snapshot = new Snapshot(networks, endpoints);
    store.write(FILE, new Saved(new TreeMap<>(networks), new TreeMap<>(endpoints)));
  }
}
