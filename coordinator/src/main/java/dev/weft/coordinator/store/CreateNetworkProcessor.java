package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.common.ipam.BlockAllocator;
import dev.weft.common.ipam.SubnetAllocator;
import dev.weft.common.model.Network;
import dev.weft.common.net.Cidr;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Checks and writes one new network on the catalog entry, on its partition thread: no other change of the catalog
 * can come between the check and the write. Carries plain strings and numbers so that it serializes to any member.
 */
final class CreateNetworkProcessor implements EntryProcessor<String, HazelcastJsonValue, NetworkCreation> {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String subnet;
  private final Integer vni;
  private final Integer mtu;
  private final boolean encrypted;
  private final HashMap<String, String> labels;
  private final Integer blockPrefix;
  private final String pools;
  private final int subnetPrefix;
  private final String vniRange;
  private final int defaultBlockPrefix;
  private final String createdAt;

  CreateNetworkProcessor(NetworkRequest request, NetworkDefaults defaults, String createdAt) {
    this.name = request.name();
    this.subnet = request.subnet() == null ? null : request.subnet().toString();
    this.vni = request.vni();
    this.mtu = request.mtu();
    this.encrypted = request.encrypted();
    this.labels = new HashMap<>(request.labels());
    this.blockPrefix = request.blockPrefix();
    this.pools = defaults.poolsText();
    this.subnetPrefix = defaults.subnetPrefix();
    this.vniRange = defaults.vnis().toString();
    this.defaultBlockPrefix = defaults.blockPrefix();
    this.createdAt = createdAt;
  }

  @Override
  public NetworkCreation process(Map.Entry<String, HazelcastJsonValue> entry) {
    NetworkCatalog catalog = entry.getValue() == null ? NetworkCatalog.EMPTY
        : Jsons.read(entry.getValue(), NetworkCatalog.class);
    NetworkDefaults defaults = NetworkDefaults.parse(pools, Integer.toString(subnetPrefix), vniRange,
        Integer.toString(defaultBlockPrefix));
    if (catalog.find(name).isPresent()) {
      return NetworkCreation.conflict("name: \"" + name + "\" (expected: a name no other network has; it exists)");
    }
    Map<String, Cidr> subnets = new HashMap<>();
    Set<Integer> vnis = new HashSet<>();
    Map<Integer, String> vniOwners = new HashMap<>();
    for (Network n : catalog.networks()) {
      subnets.put(n.name(), Cidr.parse(n.subnet()));
      vnis.add(n.vni());
      vniOwners.put(n.vni(), n.name());
    }
    SubnetAllocator subnetAllocator = defaults.subnetAllocator();
    Cidr chosenSubnet;
    if (subnet != null) {
      chosenSubnet = Cidr.parse(subnet);
      Optional<String> clash = SubnetAllocator.conflict(chosenSubnet, subnets);
      if (clash.isPresent()) {
        return NetworkCreation.conflict("subnet: " + subnet + " (expected: a subnet overlapping no other network; "
            + "it overlaps network \"" + clash.get() + "\" " + subnets.get(clash.get()) + ")");
      }
    } else {
      Optional<Cidr> next = subnetAllocator.next(subnets.values());
      if (next.isEmpty()) {
        return NetworkCreation.exhausted("subnet: null (expected: a free /" + subnetPrefix + " in the pool "
            + pools + ", which is exhausted; give a subnet explicitly)");
      }
      chosenSubnet = next.get();
    }
    int chosenVni;
    if (vni != null) {
      if (vnis.contains(vni)) {
        return NetworkCreation.conflict("vni: " + vni + " (expected: a VNI no other network uses; network \""
            + vniOwners.get(vni) + "\" has it)");
      }
      chosenVni = vni;
    } else {
      OptionalInt next = defaults.vniAllocator().next(vnis);
      if (next.isEmpty()) {
        return NetworkCreation.exhausted("vni: null (expected: a free VNI in the range " + vniRange
            + ", which is exhausted; give a vni explicitly)");
      }
      chosenVni = next.getAsInt();
    }
    int chosenBlockPrefix = BlockAllocator.effectivePrefix(chosenSubnet,
        blockPrefix == null ? defaultBlockPrefix : blockPrefix);
    Network network = new Network(name, chosenSubnet.toString(), chosenVni, mtu == null ? 0 : mtu, encrypted,
        labels, chosenBlockPrefix, createdAt);
    List<Network> networks = new ArrayList<>(catalog.networks());
    networks.add(network);
    entry.setValue(Jsons.toJson(new NetworkCatalog(networks)));
    return NetworkCreation.created(network);
  }
}
