package dev.weft.coordinator.store;

import dev.weft.coordinator.keys.KeyStore;
import dev.weft.coordinator.swarm.ServiceRuleStore;

/** The coordinator's entity stores, each a Hazelcast map of one cluster or a map in memory. */
public record Stores(NetworkStore networks, HostStore hosts, BlockStore blocks, EndpointStore endpoints,
                     KeyStore keys, ServiceRuleStore rules) {
}
