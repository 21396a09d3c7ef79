package dev.weft.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastJsonValue;
import dev.weft.common.model.Network;
import dev.weft.common.net.Cidr;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import dev.weft.coordinator.block.Block;
import dev.weft.coordinator.block.BlockGrantOutcome;
import dev.weft.coordinator.block.BlockSet;
import dev.weft.coordinator.network.NetworkCatalog;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The entry processors are the whole allocation logic; run on a plain entry, any sequence of operations keeps the
 * invariants: no two networks with one name or VNI or overlapping subnets; no two blocks overlapping, each inside
 * the subnet; a release never takes another host's block.
 */
class AllocationPropertiesTest {
  static final NetworkDefaults SMALL = NetworkDefaults.parse("10.0.0.0/20", "24", "300-310", "26");

  record Ask(String name, String subnet, Integer vni) {
  }

  @Provide
  Arbitrary<List<Ask>> asks() {
    Arbitrary<String> names = Arbitraries.of("a", "b", "c", "d", "e", "f", "g", "h");
    Arbitrary<String> subnets = Arbitraries.of("10.0.0.0/24", "10.0.1.0/24", "10.0.0.0/20", "10.0.2.128/25",
        "10.0.15.0/24", "192.168.0.0/24").injectNull(0.6);
    Arbitrary<Integer> vnis = Arbitraries.integers().between(298, 312).injectNull(0.6);
    return Combinators.combine(names, subnets, vnis).as(Ask::new).list().ofMaxSize(40);
  }

  @Property(tries = 300)
  void catalogNeverHoldsConflicts(@ForAll("asks") List<Ask> asks) {
    Map.Entry<String, HazelcastJsonValue> entry = new AbstractMap.SimpleEntry<>(HazelcastNetworkStore.KEY, null);
    for (Ask ask : asks) {
      NetworkRequest request = new NetworkRequest(ask.name(), ask.subnet() == null ? null : Cidr.parse(ask.subnet()),
          ask.vni(), null, false, Map.of(), null);
      CreateNetworkProcessor.Outcome outcome = new CreateNetworkProcessor(request, SMALL, "now").process(entry);
      assertThat(outcome.created() ^ outcome.conflict() != null).isTrue();
    }
    List<Network> networks = entry.getValue() == null ? List.of()
        : Jsons.read(entry.getValue(), NetworkCatalog.class).networks();
    Set<String> names = new HashSet<>();
    Set<Integer> vnis = new HashSet<>();
    for (int i = 0; i < networks.size(); i++) {
      Network n = networks.get(i);
      assertThat(names.add(n.name())).isTrue();
      assertThat(vnis.add(n.vni())).isTrue();
      for (int j = 0; j < i; j++) {
        assertThat(Cidr.parse(n.subnet()).overlaps(Cidr.parse(networks.get(j).subnet()))).isFalse();
      }
    }
  }

  record Op(boolean grant, String host, int fullCount) {
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(Arbitraries.of(true, true, false), Arbitraries.of("h1", "h2", "h3"),
        Arbitraries.integers().between(0, 3)).as(Op::new).list().ofMaxSize(60);
  }

  @Property(tries = 300)
  void blocksNeverOverlapAndReleaseChecksTheOwner(@ForAll("ops") List<Op> ops) {
    String subnet = "10.5.0.0/24";
    Map.Entry<String, HazelcastJsonValue> entry = new AbstractMap.SimpleEntry<>("n", null);
    for (Op op : ops) {
      BlockSet before = entry.getValue() == null ? BlockSet.EMPTY : Jsons.read(entry.getValue(), BlockSet.class);
      List<String> owned = before.ownedBy(op.host()).stream().map(Block::cidr).toList();
      List<String> named = owned.subList(0, Math.min(op.fullCount(), owned.size()));
      if (op.grant()) {
        BlockGrantOutcome outcome = new GrantBlockProcessor(subnet, 26, op.host(), named, "now").process(entry);
        if (!outcome.exhausted()) {
          assertThat(named).doesNotContain(outcome.block());
          assertThat(outcome.owned()).contains(outcome.block());
        }
      } else {
        List<String> everything = before.blocks().stream().map(Block::cidr).toList();
        List<String> removed = new ReleaseBlocksProcessor(op.host(), everything).process(entry);
        assertThat(owned).containsAll(removed);
        BlockSet after = entry.getValue() == null ? BlockSet.EMPTY : Jsons.read(entry.getValue(), BlockSet.class);
        assertThat(after.blocks()).allMatch(b -> !b.owner().equals(op.host()));
        assertThat(after.blocks().size()).isEqualTo(before.blocks().size() - removed.size());
      }
      BlockSet now = entry.getValue() == null ? BlockSet.EMPTY : Jsons.read(entry.getValue(), BlockSet.class);
      List<Cidr> cidrs = new ArrayList<>();
      for (Block b : now.blocks()) {
        Cidr c = Cidr.parse(b.cidr());
        assertThat(Cidr.parse(subnet).contains(c)).isTrue();
        cidrs.forEach(other -> assertThat(other.overlaps(c)).isFalse());
        cidrs.add(c);
      }
    }
  }
}
