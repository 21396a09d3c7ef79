package dev.weft.agent.dataplane;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@link DesiredState} before any of it reaches the kernel. Every value ends up in an {@code ip -batch}
 * line, so a value with a space or a newline must never get through.
 */
public final class DesiredStates {
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
  private static final Pattern DOCKER_PEER = Pattern.compile("[a-z0-9]{1,15}");
  private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private DesiredStates() {
  }

  /**
   * Throws {@link IllegalArgumentException} naming the first bad field, its value and what was expected.
   * The underlay address and port are only checked when there is at least one network.
   */
  public static void validate(DesiredState desired) {
    require(desired != null, "desired", null, "a DesiredState");
    if (desired.networks().isEmpty()) {
      return;
    }
    require(isIpv4(desired.underlayAddress()), "underlayAddress", desired.underlayAddress(), "an IPv4 address");
    require(desired.vxlanPort() >= 1 && desired.vxlanPort() <= 65535, "vxlanPort", desired.vxlanPort(), "1..65535");
    Set<Integer> vnis = new HashSet<>();
    for (DesiredNetwork n : desired.networks()) {
      String at = "network " + n.name() + ": ";
      require(n.vni() >= 1 && n.vni() <= Names.MAX_VNI, at + "vni", n.vni(), "1.." + Names.MAX_VNI);
      require(vnis.add(n.vni()), at + "vni", n.vni(), "unique among networks");
      require(n.mtu() >= 68 && n.mtu() <= 65535, at + "mtu", n.mtu(), "68..65535");
      require(n.localAddress() == null || isIpv4(n.localAddress()), at + "localAddress", n.localAddress(),
          "an IPv4 address or null");
      for (RemoteEndpoint r : n.remotes()) {
        require(isIpv4(r.ip()), at + "remote ip", r.ip(), "an IPv4 address");
        require(isMac(r.mac()), at + "remote mac", r.mac(), "a lower-case MAC like 02:57:0a:00:00:02");
        require(isIpv4(r.underlay()), at + "remote underlay", r.underlay(), "an IPv4 address");
      }
      Set<String> veths = new HashSet<>();
      for (Attachment a : n.attachments()) {
        require(a.containerId() != null && CONTAINER_ID.matcher(a.containerId()).matches(), at + "containerId",
            a.containerId(), "[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
        require(veths.add(Names.hostVeth(a.containerId())), at + "containerId", a.containerId(),
            "attached once per network");
        if (a.byDocker()) {
          require(a.pid() == 0, at + "pid", a.pid(), "0 for an interface that Docker moves into the container");
          require(DOCKER_PEER.matcher(a.dockerPeer()).matches(), at + "dockerPeer", a.dockerPeer(),
              "[a-z0-9]{1,15}");
        } else {
          require(a.pid() > 0, at + "pid", a.pid(), "> 0");
        }
        require(isIpv4(a.ip()), at + "attachment ip", a.ip(), "an IPv4 address");
        require(a.prefix() >= 0 && a.prefix() <= 32, at + "prefix", a.prefix(), "0..32");
        require(isMac(a.mac()), at + "attachment mac", a.mac(), "a lower-case MAC like 02:57:0a:00:00:02");
      }
    }
  }

  static boolean isIpv4(String s) {
    return s != null && IPV4.matcher(s).matches();
  }

  static boolean isMac(String s) {
    return s != null && MAC.matcher(s).matches();
  }

  private static void require(boolean ok, String field, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(field + ": " + value + " (expected: " + expected + ")");
    }
  }
}
