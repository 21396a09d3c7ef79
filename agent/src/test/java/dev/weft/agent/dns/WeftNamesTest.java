package dev.weft.agent.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Peer;
import dev.weft.common.table.NetworkTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeftNamesTest {
  static final NetworkTable BLUE = NetworkTable.of("blue", "e", 3, List.of(new Peer("h1", "10.77.0.1")), List.of(
      new Endpoint("blue", "h1", "100.64.0.10", "02:00:00:00:00:0a", "c1", "web"),
      new Endpoint("blue", "h2", "100.64.0.9", "02:00:00:00:00:09", "c2", "web"),
      new Endpoint("blue", "h2", "100.64.0.65", "02:00:00:00:00:41", "c3", "Web"),
      new Endpoint("blue", "h1", "100.64.0.11", "02:00:00:00:00:0b", "c4", "db"),
      new Endpoint("blue", "h1", "100.64.0.12", "02:00:00:00:00:0c", "c5", null)));

  @ParameterizedTest
  @CsvSource({
      "web.blue.weft, web, blue",
      "WEB.Blue.weft., web, blue",
      "blue.weft, , blue"})
  void parsesServiceAndNetwork(String qname, String service, String network) {
    assertThat(WeftNames.parse(qname)).contains(new WeftNames.Name(service, network));
    assertThat(WeftNames.ours(qname)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"a.web.blue.weft", "weft", ".blue.weft", "web..weft", "web.blue.weft.example.com", "example.com"})
  void otherShapesAreNotNames(String qname) {
    assertThat(WeftNames.parse(qname)).isEmpty();
  }

  @Test
  void onlyTheSuffixIsOurs() {
    assertThat(WeftNames.ours("weft.")).isTrue();
    assertThat(WeftNames.ours("a.b.weft")).isTrue();
    assertThat(WeftNames.ours("notweft")).isFalse();
    assertThat(WeftNames.ours("web.blue.weft.example.com")).isFalse();
  }

  @Test
  void addressesAreTheServicesEndpointsOnAllHostsInAddressOrder() {
    Map<String, NetworkTable> tables = Map.of("blue", BLUE);
    assertThat(WeftNames.addresses(new WeftNames.Name("web", "blue"), tables))
        .containsExactly("100.64.0.9", "100.64.0.10", "100.64.0.65");
    assertThat(WeftNames.addresses(new WeftNames.Name("db", "blue"), tables)).containsExactly("100.64.0.11");
    assertThat(WeftNames.addresses(new WeftNames.Name("api", "blue"), tables)).isEmpty();
    assertThat(WeftNames.addresses(new WeftNames.Name("web", "red"), tables)).isEmpty();
    assertThat(WeftNames.addresses(new WeftNames.Name(null, "blue"), tables)).isEmpty();
    assertThat(Optional.of(1)).isPresent();
  }
}
