package dev.weft.coordinator.service;

import dev.weft.coordinator.error.NotFoundException;
import dev.weft.coordinator.error.ExhaustedException;
import dev.weft.coordinator.error.ConflictException;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Network;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import dev.weft.common.error.ValidationException;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.store.BlockStore;
import dev.weft.coordinator.store.EndpointStore;
import dev.weft.coordinator.store.NetworkCreation;
import dev.weft.coordinator.store.NetworkStore;
import java.time.Clock;
import java.util.List;

/** Creating, reading and deleting networks. Blocking: call from a worker. */
public final class NetworkService {
  private final NetworkStore networks;
  private final EndpointStore endpoints;
  private final BlockStore blocks;
  private final NetworkDefaults defaults;
  private final Counters counters;
  private final Clock clock;

  public NetworkService(NetworkStore networks, EndpointStore endpoints, BlockStore blocks, NetworkDefaults defaults,
                        Counters counters, Clock clock) {
    this.networks = networks;
    this.endpoints = endpoints;
    this.blocks = blocks;
    this.defaults = defaults;
    this.counters = counters;
    this.clock = clock;
  }

  /**
   * Creates the network, allocating what the request leaves out.
   *
   * @throws ValidationException when it gives a block prefix larger than the subnet it would get from the pools
   * @throws ConflictException  when the name exists, the subnet overlaps or the VNI is used
   * @throws ExhaustedException when the pool or the VNI range is exhausted
   */
  public Network create(NetworkRequest request) {
    defaults.requireBlockFits(request);
    NetworkCreation creation = networks.create(request, defaults, clock.instant().toString());
    if (creation.created()) {
      return creation.network();
    }
    if (creation.exhausted()) {
      counters.allocationFailed();
      throw new ExhaustedException(creation.conflict());
    }
    throw new ConflictException(creation.conflict());
  }

  /** Every network in creation order; empty when none. */
  public List<Network> list() {
    return networks.list();
  }

  /** @throws NotFoundException when there is no such network */
  public Network get(String name) {
    return networks.get(name).orElseThrow(() -> notFound(name));
  }

  /** The network's endpoints ordered by address. @throws NotFoundException when there is no such network */
  public List<Endpoint> endpoints(String name) {
    get(name);
    return endpoints.ofNetwork(name);
  }

  /**
   * Deletes the network with its blocks and endpoints.
   *
   * @param force delete even while endpoints exist
   * @throws NotFoundException when there is no such network
   * @throws ConflictException when it has endpoints and {@code force} is false
   */
  public void delete(String name, boolean force) {
    get(name);
    if (!force) {
      int count = endpoints.ofNetwork(name).size();
      if (count > 0) {
        throw new ConflictException("network \"" + name + "\" has " + count + " endpoint" + (count == 1 ? "" : "s")
            + " (expected: none; detach them or delete with ?force=true)");
      }
    }
    if (networks.remove(name).isEmpty()) {
      throw notFound(name);
    }
    // The catalog entry goes first, so that no new block or endpoint is accepted for the name; then its remains.
    endpoints.removeNetwork(name);
    blocks.removeNetwork(name);
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException("network \"" + name + "\" not found");
  }
}
