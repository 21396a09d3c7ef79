package dev.weft.coordinator.storage;

import dev.weft.coordinator.block.BlockStore;
import dev.weft.coordinator.endpoint.EndpointStore;
import dev.weft.coordinator.host.HostStore;
import dev.weft.coordinator.keys.KeyStore;
import dev.weft.coordinator.network.NetworkStore;
import dev.weft.coordinator.servicerule.ServiceRuleStore;

/** The coordinator's entity stores, each a Hazelcast map of one cluster or a map in memory. */
public record Stores(NetworkStore networks, HostStore hosts, BlockStore blocks, EndpointStore endpoints,
                     KeyStore keys, ServiceRuleStore rules) {
}
