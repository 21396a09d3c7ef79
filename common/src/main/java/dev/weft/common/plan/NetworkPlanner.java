package dev.weft.common.plan;

import dev.weft.common.ipam.BlockAllocator;
import dev.weft.common.ipam.SubnetAllocator;

import dev.weft.common.model.Network;
import dev.weft.common.net.Cidr;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Decides one network creation against every existing network: the name is free, the subnet (given or the next free
 * one of the pools) overlaps none, the VNI (given or the next free one of the range) is unused. Pure: the caller
 * applies the decision atomically (the coordinator's catalog entry processor).
 */
public final class NetworkPlanner {
  private NetworkPlanner() {
  }

  /**
   * @param catalog   every existing network; never null, empty when none
   * @param request   a validated request
   * @param defaults  what fills in what the request leaves out
   * @param createdAt ISO-8601 instant stored with the network
   * @return the network to add, or a refusal (conflict, or exhausted pool or range); never null
   */
  public static NetworkDecision decide(Collection<Network> catalog, NetworkRequest request, NetworkDefaults defaults,
                                       String createdAt) {
    String name = request.name();
    Map<String, Cidr> subnets = new HashMap<>();
    Set<Integer> vnis = new HashSet<>();
    Map<Integer, String> vniOwners = new HashMap<>();
    for (Network n : catalog) {
      if (n.name().equals(name)) {
        return NetworkDecision.conflict("name: \"" + name + "\" (expected: a name no other network has; it exists)");
      }
      subnets.put(n.name(), Cidr.parse(n.subnet()));
      vnis.add(n.vni());
      vniOwners.put(n.vni(), n.name());
    }
    Cidr subnet = request.subnet();
    if (subnet != null) {
      Optional<String> clash = SubnetAllocator.conflict(subnet, subnets);
      if (clash.isPresent()) {
        return NetworkDecision.conflict("subnet: " + subnet + " (expected: a subnet overlapping no other network; "
            + "it overlaps network \"" + clash.get() + "\" " + subnets.get(clash.get()) + ")");
      }
    } else {
      Optional<Cidr> next = defaults.subnetAllocator().next(subnets.values());
      if (next.isEmpty()) {
        return NetworkDecision.exhaustedBy("subnet: null (expected: a free /" + defaults.subnetPrefix()
            + " in the pool " + defaults.poolsText() + ", which is exhausted; give a subnet explicitly)");
      }
      subnet = next.get();
    }
    Integer vni = request.vni();
    if (vni != null) {
      if (vnis.contains(vni)) {
        return NetworkDecision.conflict("vni: " + vni + " (expected: a VNI no other network uses; network \""
            + vniOwners.get(vni) + "\" has it)");
      }
    } else {
      OptionalInt next = defaults.vniAllocator().next(vnis);
      if (next.isEmpty()) {
        return NetworkDecision.exhaustedBy("vni: null (expected: a free VNI in the range " + defaults.vnis()
            + ", which is exhausted; give a vni explicitly)");
      }
      vni = next.getAsInt();
    }
    int blockPrefix = BlockAllocator.effectivePrefix(subnet,
        request.blockPrefix() == null ? defaults.blockPrefix() : request.blockPrefix());
    return NetworkDecision.created(new Network(name, subnet.toString(), vni,
        request.mtu() == null ? 0 : request.mtu(), request.encrypted(), request.labels(), blockPrefix, createdAt));
  }
}
