package dev.weft.agent.docker;

import dev.weft.common.model.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which networks each local container should be on: those in its {@code weft.networks} label, plus those its Swarm
 * service is attached to by a coordinator rule (issue 5; the rules are empty until that lands). Pure.
 */
public final class ContainerNetworks {

  /**
   * @param wanted container id → networks (known ones only), in label order
   * @param errors one line per unknown network in a label and per encrypted network a container is refused, for the
   *               log and the host report
   */
  public record Plan(Map<String, Set<String>> wanted, List<String> errors) {
    public boolean wants(String container, String network) {
      return wanted.getOrDefault(container, Set.of()).contains(network);
    }
  }

  private ContainerNetworks() {
  }

  /**
   * @param catalog      the networks the coordinator knows, by name
   * @param serviceRules Swarm service name → networks its tasks join
   */
  public static Plan plan(List<ContainerSource.LocalContainer> containers, Map<String, Network> catalog,
                          Map<String, Set<String>> serviceRules) {
    return plan(containers, catalog, serviceRules, false);
  }

  /**
   * @param encryption whether this host has WireGuard (issue 6); without, containers are refused encrypted networks
   */
  public static Plan plan(List<ContainerSource.LocalContainer> containers, Map<String, Network> catalog,
                          Map<String, Set<String>> serviceRules, boolean encryption) {
    Map<String, Set<String>> wanted = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    for (ContainerSource.LocalContainer c : containers) {
      Set<String> nets = new LinkedHashSet<>();
      String label = c.labels().get(ContainerSource.NETWORKS_LABEL);
      if (label != null) {
        for (String raw : label.split(",")) {
          String name = raw.trim();
          if (name.isEmpty()) {
            continue;
          }
          if (catalog.containsKey(name)) {
            joinUnlessEncrypted(c, catalog.get(name), encryption, nets, errors);
          } else {
            errors.add("container " + c.name() + " (" + shortId(c.id()) + "): unknown network '" + name
                + "' in label " + ContainerSource.NETWORKS_LABEL);
          }
        }
      }
      String service = c.service();
      if (service != null) {
        for (String name : serviceRules.getOrDefault(service, Set.of())) {
          if (catalog.containsKey(name)) {
            joinUnlessEncrypted(c, catalog.get(name), encryption, nets, errors);
          }
        }
      }
      if (!nets.isEmpty()) {
        wanted.put(c.id(), nets);
      }
    }
    return new Plan(wanted, errors);
  }

  /**
   * A host without WireGuard (neither the kernel module nor wireguard-go, issue 6) has no encrypted transport.
   * Joining an encrypted network anyway would send its traffic across the underlay in clear, so the container is
   * refused, loudly, instead: it keeps running, and the error shows on the host in the API (never a silent black
   * hole, never silent clear text).
   */
  private static void joinUnlessEncrypted(ContainerSource.LocalContainer c, Network network, boolean encryption,
                                          Set<String> nets, List<String> errors) {
    if (network.encrypted() && !encryption) {
      errors.add("container " + c.name() + " (" + shortId(c.id()) + "): not attached to encrypted network '"
          + network.name() + "': this host has no encrypted transport (WireGuard: neither the kernel module nor "
          + "wireguard-go and wg)");
    } else {
      nets.add(network.name());
    }
  }

  public static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
