package dev.weft.common.validation;

import dev.weft.common.error.ValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.common.net.Cidr;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkRequestTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static NetworkRequest parse(String json) throws Exception {
    return NetworkRequest.parse(MAPPER.readTree(json));
  }

  @Test
  void minimalRequestLeavesEverythingElseToDefaults() throws Exception {
    assertThat(parse("{\"name\":\"blue\"}"))
        .isEqualTo(new NetworkRequest("blue", null, null, null, false, Map.of(), null));
  }

  @Test
  void fullRequest() throws Exception {
    NetworkRequest request = parse("{\"name\":\"db-net-2\",\"subnet\":\"10.20.0.0/16\",\"vni\":300,\"mtu\":1400,"
        + "\"encrypted\":true,\"labels\":{\"com.example.team\":\"core\",\"tier\":\"\"},\"blockPrefix\":24}");
    assertThat(request.name()).isEqualTo("db-net-2");
    assertThat(request.subnet()).isEqualTo(Cidr.parse("10.20.0.0/16"));
    assertThat(request.vni()).isEqualTo(300);
    assertThat(request.mtu()).isEqualTo(1400);
    assertThat(request.encrypted()).isTrue();
    assertThat(request.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("com.example.team", "core", "tier", ""));
    assertThat(request.blockPrefix()).isEqualTo(24);
  }

  @Test
  void nullMeansNotGiven() throws Exception {
    assertThat(parse("{\"name\":\"a\",\"subnet\":null,\"vni\":null,\"mtu\":null,\"encrypted\":null,"
        + "\"labels\":null,\"blockPrefix\":null}"))
        .isEqualTo(new NetworkRequest("a", null, null, null, false, Map.of(), null));
  }

  @Test
  void edgesOfEveryRangeAreAccepted() throws Exception {
    assertThat(parse("{\"name\":\"" + "a".repeat(63) + "\",\"vni\":1,\"mtu\":576}").vni()).isEqualTo(1);
    assertThat(parse("{\"name\":\"0\",\"vni\":16777215,\"mtu\":9000}").mtu()).isEqualTo(9000);
    assertThat(parse("{\"name\":\"a\",\"subnet\":\"10.0.0.0/29\",\"blockPrefix\":29}").blockPrefix()).isEqualTo(29);
    assertThat(parse("{\"name\":\"a\",\"subnet\":\"10.0.0.0/8\",\"blockPrefix\":30}").blockPrefix()).isEqualTo(30);
    assertThat(parse("{\"name\":\"a\",\"labels\":{\"" + "k".repeat(316) + "\":\"v\"}}").labels()).hasSize(1);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        // the body
        Arguments.of("[]", "body: [] (expected: a JSON object with fields name, subnet, vni, mtu, encrypted, labels, "
            + "blockPrefix)"),
        Arguments.of("\"blue\"", "body: \"blue\" (expected: a JSON object"),
        Arguments.of("null", "body: null (expected: a JSON object"),
        Arguments.of("{\"name\":\"a\",\"color\":\"red\"}", "color: \"red\" (expected: one of the fields "
            + "name, subnet, vni, mtu, encrypted, labels, blockPrefix)"),
        Arguments.of("{\"name\":\"a\",\"Subnet\":\"10.0.0.0/24\"}", "Subnet: "),
        // name
        Arguments.of("{}", "name: null (expected: a DNS label"),
        Arguments.of("{\"name\":null}", "name: null (expected: a DNS label"),
        Arguments.of("{\"name\":\"\"}", "name: \"\" (expected: a DNS label"),
        Arguments.of("{\"name\":\"Blue\"}", "name: Blue (expected: a DNS label: 1-63 characters of a-z, 0-9 and '-', "
            + "starting and ending with a letter or digit)"),
        Arguments.of("{\"name\":\"-blue\"}", "name: -blue (expected: a DNS label"),
        Arguments.of("{\"name\":\"blue-\"}", "name: blue- (expected: a DNS label"),
        Arguments.of("{\"name\":\"blue_net\"}", "name: blue_net (expected: a DNS label"),
        Arguments.of("{\"name\":\"blue.net\"}", "name: blue.net (expected: a DNS label"),
        Arguments.of("{\"name\":\"bl\u00fce\"}", "name: bl\u00fce (expected: a DNS label"),
        Arguments.of("{\"name\":\"" + "a".repeat(64) + "\"}", "name: " + "a".repeat(64)),
        Arguments.of("{\"name\":5}", "name: 5 (expected: a string)"),
        Arguments.of("{\"name\":[\"a\"]}", "name: [\"a\"] (expected: a string)"),
        // subnet
        Arguments.of("{\"name\":\"a\",\"subnet\":\"10.0.0.1/24\"}",
            "subnet: 10.0.0.1/24 (expected: a network address without host bits, like 10.0.0.0/24)"),
        Arguments.of("{\"name\":\"a\",\"subnet\":\"10.0.0.0\"}",
            "subnet: 10.0.0.0 (expected: an IPv4 network like 10.10.0.0/24)"),
        Arguments.of("{\"name\":\"a\",\"subnet\":\"10.0.0.0/33\"}", "subnet: 10.0.0.0/33 (expected: an IPv4 network"),
        Arguments.of("{\"name\":\"a\",\"subnet\":\"300.0.0.0/8\"}", "subnet: 300.0.0.0/8 (expected: an IPv4 network"),
        Arguments.of("{\"name\":\"a\",\"subnet\":\"fd00::/64\"}", "subnet: fd00::/64 (expected: an IPv4 network"),
        Arguments.of("{\"name\":\"a\",\"subnet\":\"10.0.0.0/30\"}",
            "subnet: 10.0.0.0/30 (expected: a prefix of /29 or shorter (/30 is too small to use), like 10.0.0.0/29)"),
        Arguments.of("{\"name\":\"a\",\"subnet\":\"10.0.0.0/32\"}", "subnet: 10.0.0.0/32 (expected: a prefix of /29"),
        Arguments.of("{\"name\":\"a\",\"subnet\":\"0.0.0.0/0\"}",
            "subnet: 0.0.0.0/0 (expected: a prefix of /8 or longer)"),
        Arguments.of("{\"name\":\"a\",\"subnet\":\"127.0.0.0/24\"}",
            "subnet: 127.0.0.0/24 (expected: a unicast range clear of 0.0.0.0/8, 127.0.0.0/8 and 224.0.0.0/3 "
                + "(it overlaps 127.0.0.0/8))"),
        Arguments.of("{\"name\":\"a\",\"subnet\":\"239.1.0.0/16\"}", "subnet: 239.1.0.0/16 (expected: a unicast"),
        Arguments.of("{\"name\":\"a\",\"subnet\":24}", "subnet: 24 (expected: a string like 10.10.0.0/24)"),
        // vni
        Arguments.of("{\"name\":\"a\",\"vni\":0}", "vni: 0 (expected: 1..16777215)"),
        Arguments.of("{\"name\":\"a\",\"vni\":-1}", "vni: -1 (expected: 1..16777215)"),
        Arguments.of("{\"name\":\"a\",\"vni\":16777216}", "vni: 16777216 (expected: 1..16777215)"),
        Arguments.of("{\"name\":\"a\",\"vni\":99999999999999999999}",
            "vni: 99999999999999999999 (expected: 1..16777215)"),
        Arguments.of("{\"name\":\"a\",\"vni\":\"300\"}", "vni: \"300\" (expected: an integer 1..16777215)"),
        Arguments.of("{\"name\":\"a\",\"vni\":300.5}", "vni: 300.5 (expected: an integer 1..16777215)"),
        Arguments.of("{\"name\":\"a\",\"vni\":true}", "vni: true (expected: an integer 1..16777215)"),
        // mtu
        Arguments.of("{\"name\":\"a\",\"mtu\":575}", "mtu: 575 (expected: 576..9000)"),
        Arguments.of("{\"name\":\"a\",\"mtu\":9001}", "mtu: 9001 (expected: 576..9000)"),
        Arguments.of("{\"name\":\"a\",\"mtu\":0}", "mtu: 0 (expected: 576..9000)"),
        Arguments.of("{\"name\":\"a\",\"mtu\":\"1500\"}", "mtu: \"1500\" (expected: an integer 576..9000)"),
        // encrypted
        Arguments.of("{\"name\":\"a\",\"encrypted\":\"yes\"}", "encrypted: \"yes\" (expected: true or false)"),
        Arguments.of("{\"name\":\"a\",\"encrypted\":1}", "encrypted: 1 (expected: true or false)"),
        // labels
        Arguments.of("{\"name\":\"a\",\"labels\":[]}", "labels: [] (expected: an object of string values)"),
        Arguments.of("{\"name\":\"a\",\"labels\":\"x=y\"}", "labels: \"x=y\" (expected: an object"),
        Arguments.of("{\"name\":\"a\",\"labels\":{\"tier\":5}}", "labels.tier: 5 (expected: a string)"),
        Arguments.of("{\"name\":\"a\",\"labels\":{\"tier\":null}}", "labels.tier: null (expected: a string)"),
        Arguments.of("{\"name\":\"a\",\"labels\":{\"\":\"v\"}}",
            "labels: \"\" (expected: a label key of 1-316 printable characters without spaces or '=')"),
        Arguments.of("{\"name\":\"a\",\"labels\":{\"a b\":\"v\"}}", "labels: a b (expected: a label key"),
        Arguments.of("{\"name\":\"a\",\"labels\":{\"a=b\":\"v\"}}", "labels: a=b (expected: a label key"),
        Arguments.of("{\"name\":\"a\",\"labels\":{\"a\\nb\":\"v\"}}", "labels: a\\u000ab (expected: a label key"),
        Arguments.of("{\"name\":\"a\",\"labels\":{\"" + "k".repeat(317) + "\":\"v\"}}", "labels: kkkk"),
        Arguments.of("{\"name\":\"a\",\"labels\":{\"k\":\"" + "v".repeat(4097) + "\"}}",
            "labels.k: vvvv"),
        // blockPrefix
        Arguments.of("{\"name\":\"a\",\"blockPrefix\":31}", "blockPrefix: 31 (expected: 8..30)"),
        Arguments.of("{\"name\":\"a\",\"blockPrefix\":7}", "blockPrefix: 7 (expected: 8..30)"),
        Arguments.of("{\"name\":\"a\",\"subnet\":\"10.0.0.0/24\",\"blockPrefix\":23}",
            "blockPrefix: 23 (expected: 24..30)"),
        Arguments.of("{\"name\":\"a\",\"blockPrefix\":\"26\"}", "blockPrefix: \"26\" (expected: an integer 8..30)")
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsWithFieldValueAndExpectation(String json, String messageStart) throws Exception {
    JsonNode body = MAPPER.readTree(json);
    assertThatThrownBy(() -> NetworkRequest.parse(body))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith(messageStart);
  }

  @Test
  void exceptionCarriesItsParts() throws Exception {
    JsonNode body = MAPPER.readTree("{\"name\":\"a\",\"vni\":0}");
    assertThatThrownBy(() -> NetworkRequest.parse(body))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.field()).isEqualTo("vni");
          assertThat(e.value()).isEqualTo("0");
          assertThat(e.expected()).isEqualTo("1..16777215");
        });
  }

  @Test
  void longValuesAreCutInMessages() {
    String longName = "x".repeat(10_000);
    assertThatThrownBy(() -> NetworkRequest.requireName(longName))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).contains("..."));
  }

  @Test
  void nullBodyIsRejected() {
    assertThatThrownBy(() -> NetworkRequest.parse(null)).isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("body: null");
  }

  @Test
  void constructorEnforcesTheSameRules() {
    assertThatThrownBy(() -> new NetworkRequest("a", Cidr.parse("10.0.0.0/30"), null, null, false, null, null))
        .hasMessageStartingWith("subnet: 10.0.0.0/30");
    assertThatThrownBy(() -> new NetworkRequest("a", null, 0, null, false, null, null))
        .hasMessage("vni: 0 (expected: 1..16777215)");
    assertThatThrownBy(() -> new NetworkRequest("A", null, null, null, false, null, null))
        .hasMessageStartingWith("name: A");
    assertThat(new NetworkRequest("a", null, null, null, false, null, null).labels()).isEmpty();
  }

  /** Issue 12: a label value with a lone surrogate was stored, and read back as '?'. */
  @Test
  void labelsMustBeValidUnicode() {
    assertThatThrownBy(() -> new NetworkRequest("a", null, null, null, false, Map.of("tier", "web\ud800"), null))
        .hasMessage("labels.tier: web\\ud800 (expected: valid Unicode text (it has an unpaired surrogate))");
    assertThatThrownBy(() -> new NetworkRequest("a", null, null, null, false, Map.of("t\udc00", "web"), null))
        .hasMessage("labels: t\\udc00 (expected: a label key of valid Unicode text (it has an unpaired surrogate))");
    assertThat(new NetworkRequest("a", null, null, null, false, Map.of("mood\ud83d\ude00", "\ud83d\ude00"), null)
        .labels()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "0", "blue", "db-net-2", "9lives", "a-b-c"})
  void requireNameAcceptsDnsLabels(String name) {
    assertThat(NetworkRequest.requireName(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "-a", "a-", "A", "a_b", "a.b", "a b", "a/b", "%2e"})
  void requireNameRejectsTheRest(String name) {
    assertThatThrownBy(() -> NetworkRequest.requireName(name)).isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("name: ");
  }

  @Test
  void requireNameRejectsNull() {
    assertThatThrownBy(() -> NetworkRequest.requireName(null)).hasMessageStartingWith("name: null (expected: ");
  }
}
