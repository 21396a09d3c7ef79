package dev.weft.coordinator.endpoint;

import dev.weft.common.model.Endpoint;
import dev.weft.coordinator.block.BlockStore;
import dev.weft.coordinator.network.NetworkContents;
import java.util.List;
import java.util.function.Function;

/** A network's contents as the endpoint and block stores hold them. */
public final class StoredContents implements NetworkContents {
  private final EndpointStore endpoints;
  private final BlockStore blocks;

  public StoredContents(EndpointStore endpoints, BlockStore blocks) {
    this.endpoints = endpoints;
    this.blocks = blocks;
  }

  @Override
  public List<Endpoint> endpoints(String network) {
    return endpoints.ofNetwork(network);
  }

  @Override
  public <T> T withEndpoints(String network, String host, Function<List<Endpoint>, T> decision) {
    return endpoints.withEndpoints(network, host, decision);
  }

  @Override
  public void removeAll(String network) {
    endpoints.removeNetwork(network);
    blocks.removeNetwork(network);
  }
}
