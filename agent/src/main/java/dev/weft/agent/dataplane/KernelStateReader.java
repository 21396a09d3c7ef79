package dev.weft.agent.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.dataplane.ActualState.Link;
import dev.weft.agent.dataplane.ActualState.NetnsState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Reads what Weft made on this host: one {@code ip} process for the host namespace's names, and per network
 * namespace one {@code ip -j -d -batch -} (links and neighbours) and one {@code bridge -j fdb show}.
 */
final class KernelStateReader {
  private final Names names;
  private final IpCommand ip;
  private final BridgeCommand bridge;

  KernelStateReader(Names names, IpCommand ip, BridgeCommand bridge) {
    this.names = names;
    this.ip = ip;
    this.bridge = bridge;
  }

  ActualState read() {
    // "netns list" prints nothing at all when /var/run/netns does not exist yet, so it goes last.
    List<JsonNode> hostJson = ip.showJson(Where.HOST, List.of("link show type vxlan", "netns list"));
    List<Link> hostVxlans = new ArrayList<>();
    for (Link l : IprouteJson.links(hostJson.isEmpty() ? null : hostJson.get(0))) {
      if (Names.vniOfHostVxlan(l.name()).isPresent()) {
        hostVxlans.add(l);
      }
    }
    Map<Integer, NetnsState> networks = new HashMap<>();
    for (String name : IprouteJson.netnsNames(hostJson.size() > 1 ? hostJson.get(1) : null)) {
      OptionalInt vni = names.vniOfNetns(name);
      if (vni.isPresent()) {
        networks.put(vni.getAsInt(), readNetns(name, vni.getAsInt()));
      }
    }
    return new ActualState(networks, hostVxlans);
  }

  private NetnsState readNetns(String name, int vni) {
    Where w = Where.netns(name);
    List<JsonNode> json;
    JsonNode fdb;
    try {
      json = ip.showJson(w, List.of("link show", "neigh show"));
      fdb = bridge.fdbShow(w);
    } catch (DataPlaneException e) {
      // A name under /var/run/netns that cannot be entered: a namespace whose creation was interrupted.
      return NetnsState.unreadable(name, vni);
    }
    return new NetnsState(name, vni, true,
        IprouteJson.links(json.isEmpty() ? null : json.get(0)),
        IprouteJson.fdb(fdb),
        IprouteJson.neigh(json.size() > 1 ? json.get(1) : null));
  }
}
