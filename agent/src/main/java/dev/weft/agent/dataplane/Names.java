package dev.weft.agent.dataplane;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Names of everything Weft makes on one host. Namespaces carry the host prefix ({@code weft-PREFIX-VNI}) because lab
 * hosts share /var/run/netns; device names live inside those namespaces and derive from the VNI (15 characters at
 * most, the kernel's IFNAMSIZ - 1):
 * <ul>
 *   <li>{@code br<vni>} the bridge and {@code vx<vni>} the VXLAN device, in the network's namespace;</li>
 *   <li>{@code wv<tag>-<vni>} the VXLAN device for the short moment it lives in the host namespace (created there
 *       so that its UDP socket stays there, then moved and renamed); the tag is 4 hex digits of a hash of the host
 *       prefix, so that even there Weft touches only its own devices;</li>
 *   <li>{@code ve<12 chars of the container id>} the bridge side of a container's veth;</li>
 *   <li>{@code wf<vni>} the container side, unique per network inside the container;</li>
 *   <li>{@code wd<12 chars of a Docker endpoint id>} the container side of a Docker driver endpoint (issue 14) while
 *       it waits in the host namespace for Docker to move it into the container.</li>
 * </ul>
 */
public final class Names {
  public static final int MAX_VNI = 16_777_215;
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,8}");
  private static final Pattern HEX_ID = Pattern.compile("[0-9a-f]{12,}");
  private static final String ALIAS_HEAD = "weft";

  private final String hostPrefix;
  private final String netnsHead;
  private final String hostVxlanHead;

  public Names(String hostPrefix) {
    if (hostPrefix == null || !PREFIX.matcher(hostPrefix).matches()) {
      throw new IllegalArgumentException("hostPrefix: '" + hostPrefix + "' (expected: [a-z0-9][a-z0-9-]{0,31})");
    }
    this.hostPrefix = hostPrefix;
    this.netnsHead = "weft-" + hostPrefix + "-";
    this.hostVxlanHead = "wv" + sha256Hex(hostPrefix).substring(0, 4) + "-";
  }

  public String hostPrefix() {
    return hostPrefix;
  }

  public String netns(int vni) {
    return netnsHead + vni;
  }

  /** The VNI of one of this host's network namespaces, or empty when the name is not one of ours. */
  public OptionalInt vniOfNetns(String name) {
    if (name == null || !name.startsWith(netnsHead)) {
      return OptionalInt.empty();
    }
    String rest = name.substring(netnsHead.length());
    if (!DIGITS.matcher(rest).matches() || (rest.length() > 1 && rest.startsWith("0"))) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(rest));
  }

  public static String bridge(int vni) {
    return "br" + vni;
  }

  public static String vxlan(int vni) {
    return "vx" + vni;
  }

  /** The name of a new VXLAN device while it is in the host namespace, at most 15 characters. */
  public String vxlanInHost(int vni) {
    return hostVxlanHead + vni;
  }

  /** The VNI of one of this host's {@link #vxlanInHost} devices, or empty for any other name. */
  public OptionalInt vniOfHostVxlan(String name) {
    if (name == null || !name.startsWith(hostVxlanHead)
        || !DIGITS.matcher(name.substring(hostVxlanHead.length())).matches()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(name.substring(hostVxlanHead.length())));
  }

  /**
   * This host's WireGuard interface (issue 6), in the host namespace: {@code weft-wg-} and 4 hex characters of the
   * host prefix. Per host, because wireguard-go's control sockets ({@code /var/run/wireguard/NAME.sock}) are files that
   * hosts sharing one filesystem (the lab) would otherwise share.
   */
  public String wireGuard() {
    return "weft-wg-" + sha256Hex(hostPrefix).substring(0, 4);
  }

  public static String containerIf(int vni) {
    return "wf" + vni;
  }

  /**
   * The bridge side of a container's veth: {@code ve} and the first 12 characters of a Docker id (what
   * {@code docker ps} shows), or of a SHA-256 of any other id.
   */
  public static String hostVeth(String containerId) {
    String lower = containerId.toLowerCase();
    return "ve" + (HEX_ID.matcher(lower).matches() ? lower : sha256Hex(containerId)).substring(0, 12);
  }

  private static String sha256Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The container side of a Docker driver endpoint's veth while it waits in the host namespace for Docker to move it
   * into the container (issue 14): {@code wd} and 12 characters of the endpoint id, as {@link #hostVeth}.
   */
  public static String dockerPeer(String endpointId) {
    return "wd" + hostVeth(endpointId).substring(2);
  }

  public static boolean isHostVeth(String name) {
    return name != null && name.length() == 14 && name.startsWith("ve");
  }

  /**
   * What the bridge side of a veth remembers about its attachment (in the interface alias, which survives an agent
   * restart): a change in any of these re-attaches the container.
   */
  public static String alias(Attachment a, int mtu) {
    return ALIAS_HEAD + ",cid=" + a.containerId() + ",pid=" + a.pid() + ",ip=" + a.ip() + "/" + a.prefix()
        + ",mac=" + a.mac() + ",mtu=" + mtu;
  }

  /** The fields of an alias written by {@link #alias}, or an empty map for anything else. */
  public static Map<String, String> parseAlias(String alias) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (alias == null || !alias.startsWith(ALIAS_HEAD + ",")) {
      return fields;
    }
    for (String part : alias.substring(ALIAS_HEAD.length() + 1).split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        fields.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return fields;
  }
}
