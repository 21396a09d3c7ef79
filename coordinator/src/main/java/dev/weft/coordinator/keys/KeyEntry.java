package dev.weft.coordinator.keys;

/**
 * One entry of the key store: the {@link TunnelSet} under {@link KeyStore#TUNNELS}, else one pair's {@link PairKey}.
 */
public sealed interface KeyEntry permits TunnelSet, PairKey {
}
