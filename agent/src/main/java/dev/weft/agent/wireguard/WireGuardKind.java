package dev.weft.agent.wireguard;

/** Which WireGuard a host has for encrypted networks (issue 6). */
public enum WireGuardKind {
  /** The Linux kernel module: {@code ip link add … type wireguard}. */
  KERNEL("kernel"),
  /** The userspace implementation on a TUN device, {@code wireguard-go}. */
  USERSPACE("wireguard-go"),
  /** Neither: encrypted networks cannot be joined here. */
  NONE(null);

  private final String wireName;

  WireGuardKind(String wireName) {
    this.wireName = wireName;
  }

  /** What the host report says ({@code kernel}, {@code wireguard-go}), null for none. */
  public String wireName() {
    return wireName;
  }
}
