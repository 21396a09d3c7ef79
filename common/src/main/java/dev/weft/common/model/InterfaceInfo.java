package dev.weft.common.model;

import java.util.List;

/** One network interface of a host, as its agent reports it. Addresses are CIDR strings. */
public record InterfaceInfo(String name, String mac, int mtu, List<String> addresses) {
  public InterfaceInfo {
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }
}
