package dev.weft.agent.plugin;

import dev.weft.agent.ipam.LocalIpam;
import dev.weft.common.model.Network;
import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libnetwork's remote IPAM protocol, answered from this host's blocks (issue 14). A pool is a whole Weft network
 * ({@code weft/NAME}, its subnet); an address comes from this host's blocks of it, as for a labelled container, and is
 * held until Docker gives it back. Docker always asks for a gateway too: Weft overlays have no router, so it gets the
 * subnet's network address, which Weft never gives to a container, and containers keep their way out through Docker
 * ({@code docker_gwbridge}). Called on worker threads; never calls Docker.
 */
public final class IpamDriver {
  private static final Logger LOG = LoggerFactory.getLogger(IpamDriver.class);
  static final String POOL_PREFIX = "weft/";
  static final String GATEWAY_REQUEST = "com.docker.network.gateway";
  private static final long BLOCK_WAIT_SECONDS = 15;

  private final DriverHost host;
  private final LocalIpam ipam;

  public IpamDriver(DriverHost host, LocalIpam ipam) {
    this.host = host;
    this.ipam = ipam;
  }

  public Map<String, Object> capabilities() {
    return Map.of("RequiresMACAddress", false, "RequiresRequestReplay", false);
  }

  public Map<String, Object> defaultAddressSpaces() {
    return Map.of("LocalDefaultAddressSpace", "weft", "GlobalDefaultAddressSpace", "weft");
  }

  public Map<String, Object> requestPool(PluginMessages.RequestPool request) {
    if (request.v6()) {
      throw new DriverException("weft: IPv6 is not supported (Weft networks are IPv4; drop --ipv6)");
    }
    DriverOptions.checkIpam(request.options());
    if (request.subPool() != null && !request.subPool().isEmpty()) {
      throw new DriverException("weft: --ip-range '" + request.subPool() + "' is not supported (Weft gives each "
          + "host its own blocks of the subnet; drop --ip-range)");
    }
    Network network = Networks.resolve(host.catalog(), request.options() == null ? null
        : request.options().get(DriverOptions.NETWORK), request.pool());
    return Map.of("PoolID", POOL_PREFIX + network.name(), "Pool", network.subnet(), "Data", Map.of());
  }

  public Map<String, Object> releasePool(PluginMessages.ReleasePool request) {
    return Map.of();
  }

  public Map<String, Object> requestAddress(PluginMessages.RequestAddress request) {
    Network network = pool(request.poolID());
    Cidr subnet = Cidr.parse(network.subnet());
    Map<String, String> options = request.options() == null ? Map.of() : request.options();
    if (GATEWAY_REQUEST.equals(options.get("RequestAddressType"))) {
      return address(subnet.network(), subnet);
    }
    Ipv4 wanted = null;
    if (request.address() != null && !request.address().isEmpty()) {
      wanted = parseIp(request.address());
      if (!subnet.contains(wanted)) {
        throw new DriverException("weft: --ip " + wanted + " is outside network " + network.name() + "'s subnet "
            + subnet + " (expected: an address in " + subnet + ")");
      }
    }
    return address(hold(network, wanted), subnet);
  }

  /** Never refused: Docker gives addresses back also of networks that Weft deleted meanwhile. */
  public Map<String, Object> releaseAddress(PluginMessages.ReleaseAddress request) {
    String name = poolName(request.poolID());
    Ipv4 ip = parseIp(request.address());
    if (ipam.unhold(name, ip)) {
      LOG.info("docker gave back {} of network {}", ip, name);
    }
    return Map.of();
  }

  private Ipv4 hold(Network network, Ipv4 wanted) {
    try {
      Optional<Ipv4> ip = ipam.hold(network.name(), network.subnet(), wanted);
      if (ip.isPresent()) {
        return ip.get();
      }
      host.requestBlock(network).get(BLOCK_WAIT_SECONDS, TimeUnit.SECONDS);
      return ipam.hold(network.name(), network.subnet(), null).orElseThrow(() -> new DriverException(
          "weft: no free address in this host's blocks of network " + network.name()
              + " and the coordinator granted none"));
    } catch (IllegalStateException e) {
      throw new DriverException("weft: " + e.getMessage());
    } catch (ExecutionException e) {
      throw new DriverException("weft: no address for network " + network.name() + ": this host's blocks are full "
          + "and no new block came: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new DriverException("weft: no address for network " + network.name() + ": this host's blocks are full "
          + "and the coordinator did not answer a block request within " + BLOCK_WAIT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException("weft: interrupted while waiting for an address block");
    }
  }

  private static String poolName(String poolId) {
    if (poolId == null || !poolId.startsWith(POOL_PREFIX)) {
      throw new DriverException("weft: pool '" + poolId + "' is not Weft's (expected: weft/NAME)");
    }
    return poolId.substring(POOL_PREFIX.length());
  }

  private Network pool(String poolId) {
    String name = poolName(poolId);
    Map<String, Network> catalog = host.catalog();
    Network network = catalog == null ? null : catalog.get(name);
    if (network == null) {
      throw new DriverException("weft: network '" + name + "' is no longer in Weft's catalog");
    }
    return network;
  }

  private static Ipv4 parseIp(String text) {
    String ip = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
    try {
      return Ipv4.parse(ip);
    } catch (IllegalArgumentException e) {
      throw new DriverException("weft: address '" + text + "' (expected: an IPv4 address)");
    }
  }

  private static Map<String, Object> address(Ipv4 ip, Cidr subnet) {
    return Map.of("Address", ip + "/" + subnet.prefix(), "Data", Map.of());
  }
}
