package dev.weft.coordinator.block;

/**
 * A per-(network, host) address block.
 *
 * @param cidr        canonical CIDR inside the network's subnet
 * @param owner       id of the host that holds it; release checks it
 * @param allocatedAt ISO-8601 instant
 */
public record Block(String cidr, String owner, String allocatedAt) {
}
