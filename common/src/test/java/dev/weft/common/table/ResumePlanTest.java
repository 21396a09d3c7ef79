package dev.weft.common.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Peer;
import dev.weft.common.wire.ToAgent;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResumePlanTest {
  private static final NetworkTable BLUE = NetworkTable.empty("blue", "e2").next(List.of(new Peer("a", "192.0.2.1")),
      List.of());
  private static final NetworkTable RED = NetworkTable.empty("red", "e2");
  private static final String BLUE_DIGEST = BLUE.digest().toString();
  private static final String RED_DIGEST = RED.digest().toString();

  static Stream<Arguments> cases() {
    ToAgent.ResumedTable blue = new ToAgent.ResumedTable("blue", 1, BLUE_DIGEST);
    ToAgent.ResumedTable red = new ToAgent.ResumedTable("red", 0, RED_DIGEST);
    return Stream.of(
        Arguments.of("holds nothing", Map.of(), List.of(), List.of("blue", "red")),
        Arguments.of("holds both with the same content", Map.of("blue", BLUE_DIGEST, "red", RED_DIGEST),
            List.of(blue, red), List.of()),
        Arguments.of("holds one stale", Map.of("blue", RED_DIGEST, "red", RED_DIGEST), List.of(red),
            List.of("blue")),
        Arguments.of("holds a network it no longer takes part in", Map.of("green", BLUE_DIGEST), List.of(),
            List.of("blue", "red")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resumesExactlyTheTablesWithTheCurrentDigest(String name, Map<String, String> digests,
                                                   List<ToAgent.ResumedTable> resumed, List<String> stale) {
    assertThat(ResumePlan.of(List.of(BLUE, RED), digests)).isEqualTo(new ResumePlan(resumed, stale));
  }
}
