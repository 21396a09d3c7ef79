package dev.weft.common.validation;

import dev.weft.common.error.ValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every network a refusal suggests ("… like 10.0.0.0/8") is itself accepted by the same field: a hint that is refused
 * in turn sends the user round in circles (issue 12: {@code 10.0.0.0/1} suggested {@code 0.0.0.0/1}). Property-style:
 * every prefix 0..32 over edge and seeded random addresses, and malformed texts.
 */
class HintsAreAcceptedTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern LIKE = Pattern.compile("like ([0-9][0-9./]*[0-9])");
  private static final String[] EDGES = {"0.0.0.0", "0.0.0.1", "1.2.3.4", "10.0.0.0", "10.0.0.1", "10.255.255.255",
      "100.64.0.1", "126.255.255.255", "127.0.0.1", "128.0.0.0", "172.16.5.4", "192.168.1.1", "223.255.255.255",
      "224.0.0.0", "239.1.1.1", "255.255.255.255"};

  static List<String> texts() {
    List<String> texts = new ArrayList<>();
    List<String> addresses = new ArrayList<>(List.of(EDGES));
    Random random = new Random(12);
    for (int i = 0; i < 200; i++) {
      int bits = random.nextInt();
      addresses.add((bits >>> 24) + "." + (bits >>> 16 & 255) + "." + (bits >>> 8 & 255) + "." + (bits & 255));
    }
    for (String address : addresses) {
      for (int prefix = 0; prefix <= 33; prefix++) {
        texts.add(address + "/" + prefix);
      }
    }
    texts.addAll(List.of("", "banana", "10.0.0.0", "10.0.0.0/", "/24", "10.0.0/24", "10.0.0.0/024", "10.0.0.0/-1",
        "10.0.0.0/99", "256.0.0.0/8", " 10.0.0.0/8", "10.0.0.0/8 "));
    return texts;
  }

  @Test
  void theIssuesExampleSuggestsAnAcceptedNetwork() {
    assertThatCode(() -> subnet("10.0.0.0/1")).hasMessage("subnet: 10.0.0.0/1 (expected: a network address "
        + "without host bits and a prefix of /8 to /29, like 10.0.0.0/8)");
  }

  @Test
  void everySubnetHintIsAnAcceptedSubnet() {
    int hints = 0;
    for (String text : texts()) {
      String refusal = refusal(() -> subnet(text));
      for (String hint : hints(refusal)) {
        hints++;
        assertThat(refusal(() -> subnet(hint))).as("hint %s given for %s: %s", hint, text, refusal).isNull();
      }
    }
    assertThat(hints).as("hints checked").isGreaterThan(1000);
  }

  @Test
  void everyPoolHintIsAnAcceptedPool() {
    int hints = 0;
    for (int subnetPrefix : new int[] {8, 16, 24, 29}) {
      for (String text : texts()) {
        String refusal = refusal(() -> NetworkDefaults.parse(text, Integer.toString(subnetPrefix), null, null));
        for (String hint : hints(refusal)) {
          hints++;
          assertThat(refusal(() -> NetworkDefaults.parse(hint, Integer.toString(subnetPrefix), null, null)))
              .as("hint %s given for pool %s with /%d subnets: %s", hint, text, subnetPrefix, refusal).isNull();
        }
      }
    }
    assertThat(hints).as("hints checked").isGreaterThan(1000);
  }

  private static void subnet(String text) {
    ObjectNode body = MAPPER.createObjectNode().put("name", "a").put("subnet", text);
    NetworkRequest.parse(body);
  }

  /** The refusal's message, or null when the value was accepted. */
  private static String refusal(Runnable attempt) {
    try {
      attempt.run();
      return null;
    } catch (ValidationException e) {
      return e.getMessage();
    }
  }

  private static List<String> hints(String refusal) {
    List<String> hints = new ArrayList<>();
    if (refusal != null) {
      Matcher m = LIKE.matcher(refusal.substring(refusal.indexOf("(expected:")));
      while (m.find()) {
        hints.add(m.group(1));
      }
    }
    return hints;
  }
}
