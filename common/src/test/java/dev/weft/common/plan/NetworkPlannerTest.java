package dev.weft.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Network;
import dev.weft.common.net.Cidr;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkPlannerTest {
  private static final String AT = "2026-01-01T00:00:00Z";
  private static final List<Network> CATALOG = List.of(
      new Network("blue", "100.64.0.0/24", 256, 0, false, Map.of(), 26, AT),
      new Network("red", "100.64.1.0/24", 257, 0, false, Map.of(), 26, AT));
  private static final NetworkDefaults SMALL = NetworkDefaults.parse("100.64.0.0/23", "24", "256-257", "26");

  /** name, subnet, vni, blockPrefix, defaults (all: 100.64.0.0/10, small: two /24s and two VNIs); then the answer. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      green | -             | -   | -  | all   | created | 100.64.2.0/24 | 258 | 26
      green | 10.0.0.0/16   | 300 | -  | all   | created | 10.0.0.0/16   | 300 | 26
      green | 10.0.0.0/28   | -   | -  | all   | created | 10.0.0.0/28   | 258 | 28
      green | -             | -   | 28 | all   | created | 100.64.2.0/24 | 258 | 28
      blue  | -             | -   | -  | all   | name: "blue" (expected: a name no other network has; it exists) | - | - | -
      green | 100.64.0.0/16 | -   | -  | all   | subnet: 100.64.0.0/16 (expected: a subnet overlapping no other network; it overlaps network "blue" 100.64.0.0/24) | - | - | -
      green | -             | 257 | -  | all   | vni: 257 (expected: a VNI no other network uses; network "red" has it) | - | - | -
      green | -             | -   | -  | small | exhausted: subnet: null (expected: a free /24 in the pool 100.64.0.0/23, which is exhausted; give a subnet explicitly) | - | - | -
      green | 10.0.0.0/24   | -   | -  | small | exhausted: vni: null (expected: a free VNI in the range 256-257, which is exhausted; give a vni explicitly) | - | - | -
      """)
  void decides(String name, String subnet, Integer vni, Integer blockPrefix, String defaults, String answer,
               String wantSubnet, Integer wantVni, Integer wantBlock) {
    NetworkRequest request = new NetworkRequest(name, subnet == null ? null : Cidr.parse(subnet), vni, null, true,
        Map.of("team", "a"), blockPrefix);
    NetworkDecision decision = NetworkPlanner.decide(CATALOG, request,
        defaults.equals("small") ? SMALL : NetworkDefaults.DEFAULTS, AT);
    if (answer.equals("created")) {
      assertThat(decision.network()).isEqualTo(
          new Network(name, wantSubnet, wantVni, 0, true, Map.of("team", "a"), wantBlock, AT));
      assertThat(decision.refusal()).isNull();
    } else {
      assertThat(decision.created()).isFalse();
      boolean exhausted = answer.startsWith("exhausted: ");
      assertThat(decision.exhausted()).isEqualTo(exhausted);
      assertThat(decision.refusal()).isEqualTo(exhausted ? answer.substring("exhausted: ".length()) : answer);
    }
  }
}
