package dev.weft.agent.dataplane;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.dataplane.ActualState.Link;
import dev.weft.agent.dataplane.ActualState.NetnsState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads what Weft made on this host: one {@code ip} process for the host namespace's names, and per network
 * namespace one {@code ip -j -d -batch -} (links and neighbours) and one {@code bridge -j fdb show}. Namespaces are
 * read a few at a time: a reconcile that changes nothing costs little more than process start-ups.
 */
final class KernelStateReader {
  private static final int PARALLEL_READS = 4;
  /** Daemon threads: a data plane has no lifecycle of its own and must never keep the JVM alive. */
  private static final ExecutorService POOL = Executors.newFixedThreadPool(PARALLEL_READS, r -> {
    Thread t = new Thread(r, "weft-dataplane-read");
    t.setDaemon(true);
    return t;
  });

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
    List<CompletableFuture<NetnsState>> reads = new ArrayList<>();
    for (String name : IprouteJson.netnsNames(hostJson.size() > 1 ? hostJson.get(1) : null)) {
      OptionalInt vni = names.vniOfNetns(name);
      if (vni.isPresent()) {
        reads.add(CompletableFuture.supplyAsync(() -> readNetns(name, vni.getAsInt()), POOL));
      }
    }
    Map<Integer, NetnsState> networks = new HashMap<>();
    for (CompletableFuture<NetnsState> read : reads) {
      try {
        NetnsState ns = read.join();
        networks.put(ns.vni(), ns);
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
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
