package dev.weft.agent.plugin;

import dev.weft.common.model.Network;
import dev.weft.common.net.Cidr;
import java.util.Map;

/** Which Weft network a Docker request means: by {@code weft.network} or by subnet. Pure. */
final class Networks {
  private Networks() {
  }

  /**
   * @param name   the {@code weft.network} option, or null
   * @param subnet the subnet Docker names ({@code --subnet}, or the pool Weft's IPAM gave), or null/empty
   * @throws DriverException when no Weft network matches, or name and subnet disagree
   */
  static Network resolve(Map<String, Network> catalog, String name, String subnet) {
    if (catalog == null) {
      throw new DriverException("weft: the agent has no network catalog from the coordinator yet; try again shortly");
    }
    boolean hasSubnet = subnet != null && !subnet.isEmpty();
    if (name != null && !name.isEmpty()) {
      Network network = catalog.get(name);
      if (network == null) {
        throw new DriverException("weft: no Weft network '" + name + "' (create it with: weft network create "
            + name + "; it then appears in docker network ls on every host)");
      }
      if (hasSubnet && !sameSubnet(subnet, network.subnet())) {
        throw new DriverException("weft: --subnet " + subnet + " disagrees with Weft network " + name + ", whose "
            + "subnet is " + network.subnet() + " (expected: --subnet " + network.subnet() + ", or none)");
      }
      return network;
    }
    if (hasSubnet) {
      for (Network n : catalog.values()) {
        if (sameSubnet(subnet, n.subnet())) {
          return n;
        }
      }
      throw new DriverException("weft: no Weft network has subnet " + subnet + " (create one with: weft network "
          + "create NAME --subnet " + subnet + ")");
    }
    throw new DriverException("weft: Docker does not tell a driver the network's name: say which Weft network "
        + "this is with --ipam-opt " + DriverOptions.NETWORK + "=NAME or with its --subnet (Weft networks appear "
        + "in docker network ls on every host by themselves; make new ones with: weft network create NAME)");
  }

  private static boolean sameSubnet(String a, String b) {
    try {
      return Cidr.parse(a).equals(Cidr.parse(b));
    } catch (IllegalArgumentException e) {
      throw new DriverException("weft: --subnet '" + a + "' (expected: an IPv4 CIDR such as 100.64.1.0/24)");
    }
  }
}
