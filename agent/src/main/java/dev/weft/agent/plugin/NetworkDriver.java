package dev.weft.agent.plugin;

import dev.weft.agent.dataplane.Names;
import dev.weft.agent.ipam.LocalIpam;
import dev.weft.agent.plugin.DriverEndpoints.DriverEndpoint;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Network;
import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import dev.weft.common.net.Macs;
import dev.weft.common.wire.ToCoordinator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libnetwork's remote network driver protocol (issue 14). A Docker network is bound to a Weft network at
 * CreateNetwork; an endpoint takes the address Weft's IPAM held for it and is told to the coordinator at
 * CreateEndpoint, before the container's process starts; Join brings the kernel to the desired state (the network's
 * namespace, bridge and VXLAN device, and a veth whose container side waits in the host namespace for Docker to move
 * it in) before it answers. Every call is idempotent: Docker repeats calls after restarts. Never calls Docker.
 */
public final class NetworkDriver {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkDriver.class);
  private static final long JOIN_WAIT_SECONDS = 20;

  private final DriverHost host;
  private final LocalIpam ipam;
  private final DriverEndpoints state;

  public NetworkDriver(DriverHost host, LocalIpam ipam, DriverEndpoints state) {
    this.host = host;
    this.ipam = ipam;
    this.state = state;
  }

  /** Local scope (each host's Docker keeps its own networks, made by its agent); traffic crosses hosts. */
  public Map<String, Object> capabilities() {
    return Map.of("Scope", "local", "ConnectivityScope", "global");
  }

  public Map<String, Object> createNetwork(PluginMessages.CreateNetwork request) {
    Map<String, Object> options = request.options() == null ? Map.of() : request.options();
    Map<String, ?> generic = options.get(DriverOptions.GENERIC) instanceof Map<?, ?> m ? cast(m) : Map.of();
    DriverOptions.checkDriver(generic);
    if (request.iPv6Data() != null && !request.iPv6Data().isEmpty()) {
      throw new DriverException("weft: IPv6 is not supported (Weft networks are IPv4; drop --ipv6)");
    }
    List<PluginMessages.IpamData> v4 = request.iPv4Data() == null ? List.of() : request.iPv4Data();
    if (v4.size() != 1) {
      throw new DriverException("weft: a Weft network has exactly one IPv4 subnet (Docker gave " + v4.size() + ")");
    }
    Object name = generic.get(DriverOptions.NETWORK);
    Network network = Networks.resolve(host.catalog(), name == null ? null : name.toString(), v4.get(0).pool());
    if (!network.subnet().equals(Cidr.parse(v4.get(0).pool()).toString())) {
      throw new DriverException("weft: the pool " + v4.get(0).pool() + " is not Weft network " + network.name()
          + "'s subnet " + network.subnet() + " (expected: --ipam-driver weft)");
    }
    state.bindNetwork(request.networkID(), network.name());
    LOG.info("docker network {} is Weft network {} ({})", shortId(request.networkID()), network.name(),
        network.subnet());
    return Map.of();
  }

  public Map<String, Object> deleteNetwork(PluginMessages.NetworkOnly request) {
    state.network(request.networkID()).ifPresent(n ->
        LOG.info("docker network {} (Weft network {}) removed", shortId(request.networkID()), n));
    state.forgetNetwork(request.networkID());
    return Map.of();
  }

  public Map<String, Object> createEndpoint(PluginMessages.CreateEndpoint request) {
    Network network = network(request.networkID());
    PluginMessages.EndpointInterface iface = request.iface();
    if (iface == null || iface.address() == null || iface.address().isEmpty()) {
      throw new DriverException("weft: endpoint without an IPv4 address (expected: --ipam-driver weft)");
    }
    if (iface.addressIPv6() != null && !iface.addressIPv6().isEmpty()) {
      throw new DriverException("weft: IPv6 is not supported (Weft networks are IPv4)");
    }
    Ipv4 ip = Ipv4.parse(iface.address().replaceFirst("/.*", ""));
    String mac = Macs.forIp(ip);
    if (iface.macAddress() != null && !iface.macAddress().isEmpty() && !iface.macAddress().equalsIgnoreCase(mac)) {
      throw new DriverException("weft: --mac-address " + iface.macAddress() + " is not supported (Weft derives a "
          + "container's MAC from its address: " + mac + ")");
    }
    // Recorded before the address is bound, so that the reconciler never takes the endpoint for a labelled
    // container's that left (it reads LocalIpam, then this).
    state.putEndpoint(request.endpointID(), new DriverEndpoint(network.name(), ip.toString(), false));
    Endpoint endpoint;
    try {
      endpoint = ipam.bind(network.name(), ip, request.endpointID());
    } catch (IllegalStateException e) {
      state.removeEndpoint(request.endpointID());
      throw new DriverException("weft: " + e.getMessage());
    }
    host.send(new ToCoordinator.EndpointAdd(endpoint));
    LOG.info("docker endpoint {} joins network {} as {}", shortId(request.endpointID()), network.name(), ip);
    host.applyNow(); // the network's namespace ahead of Join
    return iface.macAddress() == null || iface.macAddress().isEmpty()
        ? Map.of("Interface", Map.of("MacAddress", endpoint.mac())) : Map.of();
  }

  public Map<String, Object> endpointInfo(PluginMessages.EndpointOnly request) {
    Optional<DriverEndpoint> e = state.endpoint(request.endpointID());
    return Map.of("Value", e.<Map<String, Object>>map(d -> Map.of("weft.network", d.network(), "weft.ip", d.ip()))
        .orElse(Map.of()));
  }

  public Map<String, Object> deleteEndpoint(PluginMessages.EndpointOnly request) {
    Optional<DriverEndpoint> gone = state.endpoint(request.endpointID());
    if (gone.isPresent()) {
      ipam.unbind(gone.get().network(), request.endpointID());
      state.removeEndpoint(request.endpointID());
      host.send(new ToCoordinator.EndpointRemove(gone.get().network(), gone.get().ip()));
      LOG.info("docker endpoint {} left network {} ({})", shortId(request.endpointID()), gone.get().network(),
          gone.get().ip());
      host.applyNow();
    }
    return Map.of();
  }

  public Map<String, Object> join(PluginMessages.Join request) {
    network(request.networkID());
    DriverEndpoint endpoint = state.endpoint(request.endpointID()).orElseThrow(() -> new DriverException(
        "weft: endpoint " + shortId(request.endpointID()) + " is unknown to this host's agent"));
    state.putEndpoint(request.endpointID(), new DriverEndpoint(endpoint.network(), endpoint.ip(), true));
    try {
      host.applyNow().get(JOIN_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new DriverException("weft: could not make the interface of endpoint " + shortId(request.endpointID())
          + ": " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new DriverException("weft: the interface of endpoint " + shortId(request.endpointID())
          + " was not ready within " + JOIN_WAIT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException("weft: interrupted");
    }
    return Map.of("InterfaceName", Map.of("SrcName", Names.dockerPeer(request.endpointID()), "DstPrefix", "eth"),
        "DisableGatewayService", false);
  }

  public Map<String, Object> leave(PluginMessages.EndpointOnly request) {
    state.endpoint(request.endpointID()).ifPresent(e -> {
      state.putEndpoint(request.endpointID(), new DriverEndpoint(e.network(), e.ip(), false));
      host.applyNow();
    });
    return Map.of();
  }

  private Network network(String dockerId) {
    String name = state.network(dockerId).orElseThrow(() -> new DriverException(
        "weft: docker network " + shortId(dockerId) + " is not bound to a Weft network on this host"));
    Map<String, Network> catalog = host.catalog();
    Network network = catalog == null ? null : catalog.get(name);
    if (network == null) {
      throw new DriverException("weft: network '" + name + "' is no longer in Weft's catalog");
    }
    return network;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> cast(Map<?, ?> m) {
    return (Map<String, ?>) m;
  }

  static String shortId(String id) {
    return id == null ? "null" : id.length() > 12 ? id.substring(0, 12) : id;
  }
}
