package dev.weft.agent.dataplane.linux;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.dataplane.ActualState.FdbEntry;
import dev.weft.agent.dataplane.ActualState.Link;
import dev.weft.agent.dataplane.ActualState.NeighEntry;
import dev.weft.agent.dataplane.ActualState.VxlanAttrs;
import dev.weft.agent.dataplane.DataPlaneException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Parses the JSON of {@code ip -j -d link show}, {@code ip -j neigh show}, {@code bridge -j fdb show}. Pure. */
public final class IprouteJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private IprouteJson() {
  }

  /** The JSON values printed one after the other by {@code ip -j -batch -}; empty for empty output. */
  public static List<JsonNode> values(String text) {
    List<JsonNode> values = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return values;
    }
    // Not MappingIterator: it would unwrap a top-level array into its elements.
    try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
      while (parser.nextToken() != null) {
        values.add(MAPPER.readTree(parser));
      }
    } catch (IOException | RuntimeException e) {
      throw new DataPlaneException("cannot parse iproute2 JSON: " + e.getMessage() + ": " + abbreviate(text), e);
    }
    return values;
  }

  static List<Link> links(JsonNode array) {
    List<Link> links = new ArrayList<>();
    for (JsonNode n : elements(array)) {
      JsonNode info = n.path("linkinfo");
      String kind = textOrNull(info.path("info_kind"));
      VxlanAttrs vxlan = null;
      if ("vxlan".equals(kind)) {
        JsonNode d = info.path("info_data");
        vxlan = new VxlanAttrs(d.path("id").asInt(), d.path("port").asInt(), textOrNull(d.path("local")),
            d.path("learning").asBoolean(false), d.path("proxy").asBoolean(false), n.has("link_netnsid"));
      }
      boolean up = false;
      for (JsonNode flag : elements(n.path("flags"))) {
        up |= "UP".equals(flag.asText());
      }
      boolean portLearning = "bridge".equals(textOrNull(info.path("info_slave_kind")))
          && info.path("info_slave_data").path("learning").asBoolean(false);
      links.add(new Link(n.path("ifindex").asInt(), n.path("ifname").asText(), kind, n.path("mtu").asInt(), up,
          textOrNull(n.path("master")), textOrNull(n.path("ifalias")), vxlan, portLearning));
    }
    return links;
  }

  /** FDB entries that a VXLAN device holds itself ({@code self}, with a destination); bridge entries are skipped. */
  static List<FdbEntry> fdb(JsonNode array) {
    List<FdbEntry> entries = new ArrayList<>();
    for (JsonNode n : elements(array)) {
      if (n.hasNonNull("dst") && !n.hasNonNull("master")) {
        entries.add(new FdbEntry(n.path("ifname").asText(), n.path("mac").asText().toLowerCase(),
            n.path("dst").asText()));
      }
    }
    return entries;
  }

  static List<NeighEntry> neigh(JsonNode array) {
    List<NeighEntry> entries = new ArrayList<>();
    for (JsonNode n : elements(array)) {
      boolean permanent = false;
      for (JsonNode s : elements(n.path("state"))) {
        permanent |= "PERMANENT".equals(s.asText());
      }
      entries.add(new NeighEntry(n.path("dev").asText(), n.path("dst").asText(),
          textOrNull(n.path("lladdr")) == null ? null : n.path("lladdr").asText().toLowerCase(), permanent));
    }
    return entries;
  }

  static List<String> netnsNames(JsonNode array) {
    List<String> names = new ArrayList<>();
    for (JsonNode n : elements(array)) {
      names.add(n.path("name").asText());
    }
    return names;
  }

  private static Iterable<JsonNode> elements(JsonNode node) {
    return node != null && node.isArray() ? node : List.of();
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
