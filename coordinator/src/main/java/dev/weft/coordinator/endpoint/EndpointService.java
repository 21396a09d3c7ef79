package dev.weft.coordinator.endpoint;

import dev.weft.coordinator.error.NotFoundException;
import dev.weft.coordinator.error.ConflictException;
import dev.weft.common.ipam.AddressAllocator;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Network;
import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import dev.weft.common.error.ValidationException;
import dev.weft.coordinator.block.Block;
import dev.weft.coordinator.block.BlockStore;
import dev.weft.coordinator.network.NetworkStore;
import java.util.Optional;
import java.util.regex.Pattern;

/** Endpoints agents report. Blocking: call from a worker. */
public final class EndpointService {
  private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
  private static final int MAX_ID = 256;

  private final NetworkStore networks;
  private final BlockStore blocks;
  private final EndpointStore endpoints;

  public EndpointService(NetworkStore networks, BlockStore blocks, EndpointStore endpoints) {
    this.networks = networks;
    this.blocks = blocks;
    this.endpoints = endpoints;
  }

  /**
   * Stores an endpoint of {@code host} (whatever host the message names): its address must be inside one of the
   * host's blocks of that network and not held by another host's endpoint. That the network still exists and the
   * block is still the host's is checked again under the network's endpoint lock, in the same step as the write
   * ({@link EndpointStore#put(Endpoint, Runnable)}): a deletion of the network or a reclaim of the block running
   * meanwhile either sees this endpoint or is seen by this check.
   *
   * @throws ValidationException when a field is malformed or the address is outside the host's blocks
   * @throws NotFoundException   when the network does not exist
   * @throws ConflictException   when another host holds the address
   */
  public Endpoint add(String host, Endpoint reported) {
    if (reported == null) {
      throw new ValidationException("endpoint", null, "an endpoint object");
    }
    Network network = networks.get(reported.network())
        .orElseThrow(() -> new NotFoundException("network \"" + reported.network() + "\" not found"));
    Ipv4 ip = parseIp(reported.ip());
    String mac = reported.mac() == null ? "" : reported.mac().toLowerCase();
    if (!MAC.matcher(mac).matches()) {
      throw new ValidationException("endpoint.mac", reported.mac(), "six colon-separated hex bytes like 02:57:0a:00:00:02");
    }
    if (reported.container() == null || reported.container().isBlank() || reported.container().length() > MAX_ID) {
      throw new ValidationException("endpoint.container", reported.container(), "a container id of 1-256 characters");
    }
    if (reported.service() != null && reported.service().length() > MAX_ID) {
      throw new ValidationException("endpoint.service", reported.service(), "a service name of at most 256 characters");
    }
    Cidr subnet = Cidr.parse(network.subnet());
    if (!AddressAllocator.usable(ip, subnet)) {
      throw outsideBlocks(host, network, reported.ip());
    }
    Endpoint endpoint = new Endpoint(network.name(), host, ip.toString(), mac, reported.container(),
        reported.service());
    Optional<String> holder = endpoints.put(endpoint, () -> {
      if (networks.get(network.name()).isEmpty()) {
        throw new NotFoundException("network \"" + network.name() + "\" not found");
      }
      if (blockOf(host, network.name(), ip).isEmpty()) {
        throw outsideBlocks(host, network, reported.ip());
      }
    });
    if (holder.isPresent()) {
      throw new ConflictException("endpoint.ip: " + ip + " (expected: an address no other host holds in network \""
          + network.name() + "\"; host \"" + holder.get() + "\" has it)");
    }
    return endpoint;
  }

  /**
   * Removes the endpoint at {@code ip} of {@code host}; absent is fine.
   *
   * @throws ValidationException when the address is malformed
   * @throws ConflictException   when another host holds the address
   */
  public void remove(String host, String network, String ip) {
    Ipv4 address = parseIp(ip);
    if (!endpoints.remove(network, address.toString(), host)) {
      Optional<Endpoint> held = endpoints.get(network, address.toString());
      if (held.isPresent() && !held.get().host().equals(host)) {
        throw new ConflictException("endpoint.ip: " + ip + " (expected: an address of this host; host \""
            + held.get().host() + "\" has it)");
      }
    }
  }

  private Optional<Block> blockOf(String host, String network, Ipv4 ip) {
    return blocks.of(network).ownedBy(host).stream().filter(b -> Cidr.parse(b.cidr()).contains(ip)).findFirst();
  }

  private ValidationException outsideBlocks(String host, Network network, String ip) {
    return new ValidationException("endpoint.ip", ip,
        "a usable address inside one of this host's blocks of network \"" + network.name() + "\" "
            + blocks.of(network.name()).ownedBy(host).stream().map(Block::cidr).toList());
  }

  private static Ipv4 parseIp(String ip) {
    try {
      return Ipv4.parse(ip);
    } catch (IllegalArgumentException e) {
      throw new ValidationException("endpoint.ip", ip, "an IPv4 address like 100.64.0.2");
    }
  }
}
