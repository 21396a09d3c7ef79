package dev.weft.coordinator.network;

import dev.weft.common.model.Endpoint;
import java.util.List;
import java.util.function.Function;

/**
 * What a network holds in the other stores: its endpoints and its hosts' blocks. An interface of this package, so that
 * {@code network} depends on neither {@code block} nor {@code endpoint} (they depend on it: a block and an endpoint
 * belong to a network); implemented over their stores by {@code endpoint.StoredContents}.
 */
public interface NetworkContents {
  /** The endpoints of {@code network} by IP; empty when none. */
  List<Endpoint> endpoints(String network);

  /**
   * Runs {@code decision} with the endpoints of {@code network} (only {@code host}'s, when not null) while no
   * endpoint of that network can be added; see {@code EndpointStore#withEndpoints}.
   *
   * @return what {@code decision} answers
   */
  <T> T withEndpoints(String network, String host, Function<List<Endpoint>, T> decision);

  /** Drops every endpoint and block of {@code network} (it was deleted); nothing when it had none. */
  void removeAll(String network);
}
