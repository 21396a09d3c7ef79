package dev.weft.common.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.HostStatus;
import dev.weft.common.net.Cidr;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockPlannerTest {

  /** stored blocks (cidr=owner;...), host, full (cidr;...); then the block granted, owned after, allocated. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      -                                          | a | -            | 10.0.0.0/26  | 10.0.0.0/26              | true
      10.0.0.0/26=a                              | a | -            | 10.0.0.0/26  | 10.0.0.0/26              | false
      10.0.0.0/26=a                              | a | 10.0.0.0/26  | 10.0.0.64/26 | 10.0.0.0/26;10.0.0.64/26 | true
      10.0.0.0/26=b                              | a | -            | 10.0.0.64/26 | 10.0.0.64/26             | true
      10.0.0.0/26=b;10.0.0.64/26=a;10.0.0.128/26=a | a | 10.0.0.64/26 | 10.0.0.128/26 | 10.0.0.64/26;10.0.0.128/26 | false
      10.0.0.0/26=a;10.0.0.64/26=b;10.0.0.128/26=b;10.0.0.192/26=b | a | 10.0.0.0/26 | - | 10.0.0.0/26 | false
      10.0.0.0/26=b;10.0.0.64/26=b;10.0.0.128/26=b;10.0.0.192/26=b | a | - | - | - | false
      """)
  void grants(String stored, String host, String full, String block, String owned, boolean allocated) {
    Map<String, String> blocks = new LinkedHashMap<>();
    for (String pair : split(stored)) {
      String[] parts = pair.split("=");
      blocks.put(parts[0], parts[1]);
    }
    BlockPlanner.Grant grant = BlockPlanner.grant(Cidr.parse("10.0.0.0/24"), 26, blocks, host, split(full));
    assertThat(grant.block()).isEqualTo(block);
    assertThat(grant.exhausted()).isEqualTo(block == null);
    assertThat(grant.owned()).containsExactlyElementsOf(split(owned));
    assertThat(grant.allocated()).isEqualTo(allocated);
  }

  /** status (- when unknown), last seen, holds endpoints; then reclaimable with the cutoff at 12:00. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      -    | 2026-01-01T13:00:00Z | false | true
      -    | 2026-01-01T13:00:00Z | true  | false
      DOWN | 2026-01-01T11:00:00Z | false | true
      DOWN | 2026-01-01T11:00:00Z | true  | false
      DOWN | 2026-01-01T12:30:00Z | false | false
      UP   | 2026-01-01T11:00:00Z | false | false
      """)
  void reclaims(HostStatus status, String lastSeen, boolean endpoints, boolean reclaimable) {
    assertThat(BlockPlanner.reclaimable(status, Instant.parse(lastSeen), Instant.parse("2026-01-01T12:00:00Z"),
        endpoints)).isEqualTo(reclaimable);
  }

  private static List<String> split(String text) {
    return text == null ? List.of() : Arrays.asList(text.split(";"));
  }
}
