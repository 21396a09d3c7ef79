package dev.weft.coordinator.network;

import dev.weft.coordinator.error.NotFoundException;
import dev.weft.coordinator.error.ExhaustedException;
import dev.weft.coordinator.error.ConflictException;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Network;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import dev.weft.common.error.ValidationException;
import dev.weft.coordinator.metrics.Counters;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Creating, reading and deleting networks. Blocking: call from a worker. */
public final class NetworkService {
  private final NetworkStore networks;
  private final NetworkContents contents;
  private final NetworkDefaults defaults;
  private final Counters counters;
  private final Clock clock;

  /** @param contents the networks' endpoints and blocks, listed, checked and removed with them */
  public NetworkService(NetworkStore networks, NetworkContents contents, NetworkDefaults defaults, Counters counters,
                        Clock clock) {
    this.networks = networks;
    this.contents = contents;
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
    return contents.endpoints(name);
  }

  /**
   * Deletes the network with its blocks and endpoints. The check for endpoints and the removal from the catalog are
   * one step under the network's endpoint lock ({@link NetworkContents#withEndpoints}): an endpoint being added
   * either is counted, or its add (which checks under that lock that the network still exists) is refused.
   *
   * @param force delete even while endpoints exist
   * @throws NotFoundException when there is no such network
   * @throws ConflictException when it has endpoints and {@code force} is false
   */
  public void delete(String name, boolean force) {
    get(name);
    int count = contents.withEndpoints(name, null, held -> {
      if (!force && !held.isEmpty()) {
        return held.size();
      }
      Optional<Network> removed = networks.remove(name);
      if (removed.isEmpty()) {
        throw notFound(name);
      }
      // The catalog entry goes first, so that no new block or endpoint is accepted for the name; then its remains.
      contents.removeAll(name);
      return 0;
    });
    if (count > 0) {
      throw new ConflictException("network \"" + name + "\" has " + count + " endpoint" + (count == 1 ? "" : "s")
          + " (expected: none; detach them or delete with ?force=true)");
    }
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException("network \"" + name + "\" not found");
  }
}
