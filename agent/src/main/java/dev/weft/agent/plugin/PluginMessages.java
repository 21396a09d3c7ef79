package dev.weft.agent.plugin;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The requests of libnetwork's remote network driver and IPAM protocols that Weft reads. Field names are Docker's,
 * PascalCase on the wire ({@link PluginJson}); fields Weft does not use are not listed and are ignored.
 */
public final class PluginMessages {
  private PluginMessages() {
  }

  /** {@code IpamDriver.RequestPool}: {@code --subnet} is {@code pool}, {@code --ip-range} is {@code subPool}. */
  public record RequestPool(String addressSpace, String pool, String subPool, Map<String, String> options,
                            boolean v6) {
  }

  public record ReleasePool(String poolID) {
  }

  /** {@code IpamDriver.RequestAddress}: {@code address} is {@code --ip} or a gateway asked for. */
  public record RequestAddress(String poolID, String address, Map<String, String> options) {
  }

  public record ReleaseAddress(String poolID, String address) {
  }

  /** One subnet of a network as Docker's IPAM gave it: {@code pool} is a CIDR, {@code gateway} an address/prefix. */
  public record IpamData(String addressSpace, String pool, String gateway) {
  }

  /**
   * {@code NetworkDriver.CreateNetwork}; {@code options} holds {@code com.docker.network.generic} (the {@code -o}
   * options) among Docker's own keys.
   */
  public record CreateNetwork(String networkID, Map<String, Object> options, List<IpamData> iPv4Data,
                              List<IpamData> iPv6Data) {
  }

  public record NetworkOnly(String networkID) {
  }

  /** The endpoint's interface as Docker's IPAM gave it; {@code address} is address/prefix. */
  public record EndpointInterface(String address, String addressIPv6, String macAddress) {
  }

  public record CreateEndpoint(String networkID, String endpointID,
                               @JsonProperty("Interface") EndpointInterface iface) {
  }

  public record EndpointOnly(String networkID, String endpointID) {
  }

  public record Join(String networkID, String endpointID, String sandboxKey) {
  }
}
