package dev.weft.agent.wireguard;

/**
 * What this host has for encrypted networks (issue 6): found by {@code dataplane.linux.WireGuardProbe} at
 * start, with the key pair of {@link dev.weft.agent.wireguard.WireGuardKeys}.
 *
 * @param kind           {@code kernel} or {@code wireguard-go}
 * @param listenPort     WireGuard's UDP port
 * @param publicKey      reported to the coordinator
 * @param privateKeyFile stays here, mode 0600
 */
public record WireGuardIdentity(String kind, int listenPort, String publicKey, String privateKeyFile) {
}
