package dev.weft.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Host;
import dev.weft.common.model.HostWireGuard;
import dev.weft.common.model.InterfaceInfo;
import dev.weft.common.model.Network;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The human views of what the API returns. Pure: model in, text out. */
public final class Views {
  private Views() {
  }

  public static String networks(List<Network> networks) {
    if (networks.isEmpty()) {
      return "no networks\n";
    }
    Table table = Table.of("NAME", "SUBNET", "VNI", "MTU", "ENCRYPTED", "BLOCK", "LABELS");
    for (Network n : networks) {
      table.row(n.name(), n.subnet(), n.vni(), mtu(n.mtu()), yesNo(n.encrypted()), "/" + n.blockPrefix(),
          labels(n.labels()));
    }
    return table.render();
  }

  /** @param endpoints the network's endpoints, or null to leave the section out */
  public static String network(Network n, List<Endpoint> endpoints) {
    String details = new Details().add("name", n.name()).add("subnet", n.subnet()).add("vni", n.vni())
        .add("mtu", mtu(n.mtu())).add("encrypted", yesNo(n.encrypted())).add("block prefix", "/" + n.blockPrefix())
        .add("labels", labels(n.labels())).add("created", n.createdAt()).render();
    if (endpoints == null) {
      return details;
    }
    if (endpoints.isEmpty()) {
      return details + "\nno endpoints\n";
    }
    Table table = Table.of("IP", "MAC", "HOST", "CONTAINER", "SERVICE");
    endpoints.forEach(e -> table.row(e.ip(), e.mac(), e.host(), shortId(e.container()), e.service()));
    return details + "\nendpoints:\n" + table.render();
  }

  public static String hosts(List<Host> hosts) {
    if (hosts.isEmpty()) {
      return "no hosts\n";
    }
    Table table = Table.of("ID", "STATUS", "HOSTNAME", "UNDERLAY", "DOCKER", "SWARM", "LAST SEEN", "ERRORS");
    for (Host h : hosts) {
      table.row(h.id(), h.status() == null ? null : h.status().wire(), h.hostname(), h.underlayAddress(),
          h.dockerVersion(), h.swarmRole(), h.lastSeen(), h.errors().size());
    }
    return table.render();
  }

  public static String host(Host h) {
    Details details = new Details().add("id", h.id())
        .add("status", h.status() == null ? null : h.status().wire()).add("hostname", h.hostname())
        .add("underlay", h.underlayAddress()).add("docker", h.dockerVersion()).add("swarm node", h.swarmNodeId())
        .add("swarm role", h.swarmRole()).add("agent", h.agentVersion()).add("last seen", h.lastSeen())
        .add("wireguard", wireguard(h.wireguard()));
    if (h.certificateExpires() != null) {
      // issue 12: agents renew at two thirds of the lifetime; a date close to now means one that did not
      details.add("certificate expires", h.certificateExpires());
    }
    StringBuilder out = new StringBuilder(details.render());
    if (!h.interfaces().isEmpty()) {
      Table table = Table.of("INTERFACE", "MAC", "MTU", "ADDRESSES");
      for (InterfaceInfo i : h.interfaces()) {
        table.row(i.name(), i.mac(), i.mtu(), String.join(",", i.addresses()));
      }
      out.append("\ninterfaces:\n").append(table.render());
    }
    out.append(h.errors().isEmpty() ? "\nno errors\n" : "\nerrors:\n");
    h.errors().forEach(e -> out.append("  ").append(e).append('\n'));
    return out.toString();
  }

  /** One line, or null (shown as -) when the coordinator does not say (older than issue 6). */
  private static String wireguard(HostWireGuard wg) {
    if (wg == null) {
      return null;
    }
    if (HostWireGuard.NONE.equals(wg.kind())) {
      return "none (cannot join encrypted networks)";
    }
    return wg.kind() + " on port " + wg.port() + ", tunnel address "
        + (wg.tunnelAddress() == null ? "none yet" : wg.tunnelAddress());
  }

  /**
   * The rules of {@code GET /v1/networks/{name}/services} (issue 5): an array of {@code {"service", "tasks": [{
   * "task", "node", "container", "address", "state", "reason"}]}}. Read leniently, since the route is younger than
   * this view: a missing field shows as -, a rule without tasks as one row.
   */
  public static String services(JsonNode rules) {
    if (!rules.isArray() || rules.isEmpty()) {
      return "no services attached\n";
    }
    Table table = Table.of("SERVICE", "TASK", "NODE", "CONTAINER", "ADDRESS", "STATE", "REASON");
    for (JsonNode rule : rules) {
      String service = text(rule, "service");
      JsonNode tasks = rule.path("tasks");
      if (!tasks.isArray() || tasks.isEmpty()) {
        table.row(service, null, null, null, null, "no tasks", null);
        continue;
      }
      for (JsonNode task : tasks) {
        table.row(service, shortId(text(task, "task")), text(task, "node"), shortId(text(task, "container")),
            text(task, "address"), text(task, "state"), text(task, "reason"));
      }
    }
    return table.render();
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }

  static String mtu(int mtu) {
    return mtu == 0 ? "auto" : Integer.toString(mtu);
  }

  static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }

  static String labels(Map<String, String> labels) {
    return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /** Docker ids shortened to 12 characters, as {@code docker ps} shows them. */
  static String shortId(String id) {
    return id != null && id.length() == 64 && id.chars().allMatch(c -> Character.digit(c, 16) >= 0)
        ? id.substring(0, 12) : id;
  }
}
