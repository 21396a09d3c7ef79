package dev.weft.agent.dataplane.linux;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.dataplane.ActualState;
import dev.weft.agent.dataplane.ActualState.Link;
import dev.weft.agent.dataplane.ActualState.NetnsState;
import dev.weft.agent.dataplane.Names;
import dev.weft.agent.dataplane.Where;
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
      if (names.vniOfHostVxlan(l.name()).isPresent()) {
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
        if (ns != null) {
          networks.put(ns.vni(), ns);
        }
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    return new ActualState(networks, hostVxlans);
  }

  /**
   * One network namespace, or null when it vanished since it was listed. A name that is no namespace (a creation
   * interrupted between the file and the mount) is "unreadable" and gets remade; any other failure, such as a
   * timeout, aborts the read: guessing there would tear down a working network.
   */
  private NetnsState readNetns(String name, int vni) {
    Where w = Where.netns(name);
    CommandResult links = ip.show(w, List.of("link show", "neigh show"));
    if (!links.ok()) {
      if (links.stderr().contains("reassociate to namespace")) {
        return NetnsState.unreadable(name, vni);
      }
      if (links.stderr().contains("cannot open") && links.stderr().contains("No such file")) {
        return null;
      }
      links.orThrow();
    }
    List<JsonNode> json = IprouteJson.values(links.stdout());
    JsonNode fdb = bridge.fdbShow(w);
    return new NetnsState(name, vni, true,
        IprouteJson.links(json.isEmpty() ? null : json.get(0)),
        IprouteJson.fdb(fdb),
        IprouteJson.neigh(json.size() > 1 ? json.get(1) : null));
  }
}
