package dev.weft.common.model;

import java.util.List;

/**
 * One WireGuard peer of a host's key table (issue 6): another host that shares an encrypted network with it.
 *
 * @param host         the peer's host id
 * @param publicKey    the peer's WireGuard public key (base64)
 * @param endpoint     where its WireGuard listens: {@code underlayAddress:port}
 * @param allowedIps   what may come from and go to it inside the tunnel: its tunnel address as {@code /32}
 * @param presharedKey the pre-shared key of this pair of hosts (base64), the same on both sides
 * @param pskEpoch     the pre-shared key's rotation count, starting at 1
 */
public record KeyPeer(String host, String publicKey, String endpoint, List<String> allowedIps, String presharedKey,
                      long pskEpoch) {
  public KeyPeer {
    allowedIps = allowedIps == null ? List.of() : List.copyOf(allowedIps);
  }

  /** The peer's tunnel address (the first allowed IP without its prefix), or null. */
  public String tunnelAddress() {
    if (allowedIps.isEmpty()) {
      return null;
    }
    String first = allowedIps.get(0);
    int slash = first.indexOf('/');
    return slash < 0 ? first : first.substring(0, slash);
  }

  @Override
  public String toString() {
    // never print the pre-shared key
    return "KeyPeer[host=" + host + ", publicKey=" + publicKey + ", endpoint=" + endpoint + ", allowedIps="
        + allowedIps + ", pskEpoch=" + pskEpoch + "]";
  }
}
