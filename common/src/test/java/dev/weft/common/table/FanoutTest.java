package dev.weft.common.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FanoutTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("a change goes to the connected subscribers", true, Set.of("a", "b"), List.of("a", "b"),
            Set.of("a", "b"), Set.of("a", "b"), Set.of()),
        Arguments.of("no change, no delta", false, Set.of("a", "b"), List.of("a", "b"), Set.of("a", "b"),
            Set.of(), Set.of()),
        Arguments.of("a new participant gets a snapshot, not the delta", true, Set.of("a"), List.of("a", "c"),
            Set.of("a", "c"), Set.of("a"), Set.of("c")),
        Arguments.of("a new participant gets a snapshot even without a change", false, Set.of("a"),
            List.of("a", "c"), Set.of("a", "c"), Set.of(), Set.of("c")),
        Arguments.of("hosts not connected get nothing", true, Set.of("a", "b"), List.of("a", "b", "c"),
            Set.of("a"), Set.of("a"), Set.of()),
        Arguments.of("a subscriber that stopped taking part still gets the delta", true, Set.of("a", "b"),
            List.of("a"), Set.of("a", "b"), Set.of("a", "b"), Set.of()),
        Arguments.of("nobody connected", true, Set.of(), List.of("a"), Set.of(), Set.of(), Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plan(String name, boolean changed, Set<String> subscribed, List<String> participants, Set<String> connected,
            Set<String> delta, Set<String> snapshot) {
    assertThat(Fanout.plan(changed, subscribed, participants, connected::contains))
        .isEqualTo(new Fanout(delta, snapshot));
  }
}
