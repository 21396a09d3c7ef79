package dev.weft.common.validation;

import dev.weft.common.error.ValidationException;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.internal.Texts;
import dev.weft.common.ipam.VniAllocator;
import dev.weft.common.ipam.VniRange;
import dev.weft.common.net.Cidr;
import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A valid request to create a network ({@code POST /v1/networks}). The constructor enforces every rule, so a
 * {@code NetworkRequest} is valid however it was made; {@link #parse} adds the JSON shape checks.
 *
 * @param name        a DNS label (see {@link #requireName})
 * @param subnet      the subnet asked for, /8 to /29, clear of 0.0.0.0/8, 127.0.0.0/8 and 224.0.0.0/3; null: take
 *                    the next free one from the pool
 * @param vni         1..16777215; null: allocate from the configured range
 * @param mtu         576..9000; null: each agent uses its underlay MTU less the VXLAN overhead
 * @param encrypted   whether traffic between hosts must be encrypted
 * @param labels      user labels; never null (null becomes empty)
 * @param blockPrefix per-host block size, from the subnet's prefix (or /8 when no subnet is given: the coordinator
 *                    then refuses one larger than the subnets its pools give, {@link NetworkDefaults#requireBlockFits})
 *                    to /30; null: the configured default, clamped to the subnet's prefix
 */
public record NetworkRequest(String name, Cidr subnet, Integer vni, Integer mtu, boolean encrypted,
                             Map<String, String> labels, Integer blockPrefix) implements Serializable {
  public static final int MIN_MTU = 576;
  public static final int MAX_MTU = 9000;
  /** Longest label key: a 253-character DNS prefix, a slash, a 63-character name (Kubernetes' and Docker's habit). */
  public static final int MAX_LABEL_KEY = 63 + 253;
  public static final int MAX_LABEL_VALUE = 4096;
  /** The fields a request body may have, in the order they are checked. */
  public static final Set<String> FIELDS = Set.of("name", "subnet", "vni", "mtu", "encrypted", "labels",
      "blockPrefix");
  private static final String FIELD_LIST = "name, subnet, vni, mtu, encrypted, labels, blockPrefix";

  /** @throws ValidationException naming the first field that breaks a rule */
  public NetworkRequest {
    Rules.name("name", name);
    if (subnet != null) {
      Rules.usable("subnet", subnet, Rules.MAX_SUBNET_PREFIX);
    }
    if (vni != null) {
      VniAllocator.requireValid(vni);
    }
    if (mtu != null) {
      Rules.range("mtu", mtu, MIN_MTU, MAX_MTU);
    }
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    labels.forEach(NetworkRequest::checkLabel);
    if (blockPrefix != null) {
      Rules.range("blockPrefix", blockPrefix, subnet == null ? Rules.MIN_SUBNET_PREFIX : subnet.prefix(),
          Rules.MAX_BLOCK_PREFIX);
    }
  }

  /**
   * Reads and checks a request body. Absent fields and JSON {@code null} mean "not given" (for {@code name}: an
   * error).
   *
   * @param body the parsed JSON body; null (no body) is an error
   * @throws ValidationException naming the field, its value and what was expected: field {@code body} when the
   *                             body is not an object; the field's own name when it is unknown, of the wrong JSON
   *                             type, or out of range; {@code labels.KEY} for a label value
   */
  public static NetworkRequest parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new ValidationException("body", body == null ? null : body.toString(),
          "a JSON object with fields " + FIELD_LIST);
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new ValidationException(field, body.get(field).toString(), "one of the fields " + FIELD_LIST);
      }
    }
    JsonNode nameNode = body.get("name");
    if (nameNode == null || nameNode.isNull()) {
      throw new ValidationException("name", null, Rules.NAME_EXPECTED);
    }
    String name = Rules.name("name", text(nameNode, "name", "a string"));
    String subnetText = text(body.get("subnet"), "subnet", "a string like 10.10.0.0/24");
    Cidr subnet = subnetText == null ? null : Rules.cidr("subnet", subnetText, Rules.MAX_SUBNET_PREFIX);
    Integer vni = integer(body.get("vni"), "vni", 1, VniRange.MAX_VNI);
    Integer mtu = integer(body.get("mtu"), "mtu", MIN_MTU, MAX_MTU);
    boolean encrypted = bool(body.get("encrypted"));
    Map<String, String> labels = labels(body.get("labels"));
    Integer blockPrefix = integer(body.get("blockPrefix"), "blockPrefix",
        subnet == null ? Rules.MIN_SUBNET_PREFIX : subnet.prefix(), Rules.MAX_BLOCK_PREFIX);
    return new NetworkRequest(name, subnet, vni, mtu, encrypted, labels, blockPrefix);
  }

  /**
   * Checks a network name from a path parameter or anywhere else: 1-63 characters of lower-case a-z, 0-9 and '-',
   * not starting or ending with '-' (an RFC 1123 DNS label).
   *
   * @return {@code name}
   * @throws ValidationException (field {@code name}) when it is null or breaks the rule
   */
  public static String requireName(String name) {
    return Rules.name("name", name);
  }

  private static String text(JsonNode node, String field, String expected) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new ValidationException(field, node.toString(), expected);
    }
    return node.textValue();
  }

  private static Integer integer(JsonNode node, String field, int min, int max) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      throw new ValidationException(field, node.toString(), "an integer " + min + ".." + max);
    }
    if (!node.canConvertToInt()) {
      throw new ValidationException(field, node.toString(), min + ".." + max);
    }
    return Rules.range(field, node.intValue(), min, max);
  }

  private static boolean bool(JsonNode node) {
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new ValidationException("encrypted", node.toString(), "true or false");
    }
    return node.booleanValue();
  }

  private static Map<String, String> labels(JsonNode node) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new ValidationException("labels", node.toString(), "an object of string values");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      checkKey(e.getKey());
      if (!e.getValue().isTextual()) {
        throw new ValidationException("labels." + e.getKey(), e.getValue().toString(), "a string");
      }
      labels.put(e.getKey(), e.getValue().textValue());
    }
    return labels;
  }

  private static void checkLabel(String key, String value) {
    checkKey(key);
    if (Texts.unpairedSurrogate(value) >= 0) {
      throw new ValidationException("labels." + key, value, "valid Unicode text (it has an unpaired surrogate)");
    }
    if (value.length() > MAX_LABEL_VALUE) {
      throw new ValidationException("labels." + key, value,
          "a string of at most " + MAX_LABEL_VALUE + " characters");
    }
  }

  /** Docker takes any key; we take printable ones without spaces, so that {@code --label k=v} can say them. */
  private static void checkKey(String key) {
    String expected = "a label key of 1-" + MAX_LABEL_KEY + " printable characters without spaces or '='";
    if (key.isEmpty() || key.length() > MAX_LABEL_KEY) {
      throw new ValidationException("labels", key, expected);
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '=') {
        throw new ValidationException("labels", key, expected);
      }
    }
    if (Texts.unpairedSurrogate(key) >= 0) {
      throw new ValidationException("labels", key, "a label key of valid Unicode text (it has an unpaired surrogate)");
    }
  }
}
