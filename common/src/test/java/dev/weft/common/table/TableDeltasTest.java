package dev.weft.common.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Peer;
import dev.weft.common.wire.ToAgent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TableDeltasTest {
  private static final Peer H1 = new Peer("h1", "192.0.2.1");
  private static final Peer H2 = new Peer("h2", "192.0.2.2");
  private static final Peer H2_MOVED = new Peer("h2", "192.0.2.22");
  private static final Endpoint E1 = new Endpoint("blue", "h1", "10.0.0.2", "02:57:0a:00:00:02", "c1", null);
  private static final Endpoint E2 = new Endpoint("blue", "h2", "10.0.0.66", "02:57:0a:00:00:42", "c2", "web");
  private static final Endpoint E2_RENAMED = new Endpoint("blue", "h2", "10.0.0.66", "02:57:0a:00:00:42", "c3",
      "web");
  /** Version 1: peers h1 and h2, endpoints E1 and E2. */
  private static final NetworkTable BEFORE = NetworkTable.empty("blue", "e1").next(List.of(H1, H2), List.of(E1, E2));

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("nothing changed", List.of(H1, H2), Set.of(), Map.of(),
            List.of(), List.of(), List.of(), List.of()),
        Arguments.of("unchanged endpoints looked at", List.of(H1, H2), Set.of("10.0.0.2", "10.0.0.66"),
            Map.of("10.0.0.2", E1, "10.0.0.66", E2), List.of(), List.of(), List.of(), List.of()),
        Arguments.of("a peer left", List.of(H1), Set.of(), Map.of(),
            List.of(), List.of("h2"), List.of(), List.of()),
        Arguments.of("a peer moved", List.of(H1, H2_MOVED), Set.of(), Map.of(),
            List.of(H2_MOVED), List.of(), List.of(), List.of()),
        Arguments.of("an endpoint went", List.of(H1, H2), Set.of("10.0.0.66"), Map.of(),
            List.of(), List.of(), List.of(), List.of("10.0.0.66")),
        Arguments.of("an endpoint was replaced", List.of(H1, H2), Set.of("10.0.0.66"), Map.of("10.0.0.66", E2_RENAMED),
            List.of(), List.of(), List.of(E2_RENAMED), List.of()),
        Arguments.of("an absent address stays absent", List.of(H1, H2), Set.of("10.0.0.9"), Map.of(),
            List.of(), List.of(), List.of(), List.of()),
        Arguments.of("addresses not named are not looked at", List.of(H1, H2), Set.of(), Map.of(),
            List.of(), List.of(), List.of(), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void partialDeltaListsExactlyWhatChanged(String name, List<Peer> peersNow, Set<String> ips,
                                           Map<String, Endpoint> shown, List<Peer> peersAdded,
                                           List<String> peersRemoved, List<Endpoint> endpointsAdded,
                                           List<String> endpointsRemoved) {
    ToAgent.TableDelta delta = TableDeltas.partial(BEFORE, peersNow, ips, shown::get);
    assertThat(delta).isEqualTo(new ToAgent.TableDelta("blue", "e1", 2, peersAdded, peersRemoved, endpointsAdded,
        endpointsRemoved));
    NetworkTable after = TableDeltas.applied(BEFORE, delta);
    if (NetworkTable.isEmpty(delta)) {
      assertThat(after).isSameAs(BEFORE);
    } else {
      assertThat(after.version()).isEqualTo(2);
      assertThat(NetworkTable.diff(BEFORE, after)).isEqualTo(delta);
    }
  }
}
