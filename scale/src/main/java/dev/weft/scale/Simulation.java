package dev.weft.scale;

import dev.weft.common.table.NetworkTable;
import dev.weft.common.wire.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many {@link SimAgent}s in this JVM against one coordinator, and the measurements over them: when all agents are
 * in sync, and how long one endpoint change takes to reach every agent of its network (one clock: the change is sent
 * and received in this JVM).
 */
final class Simulation implements AutoCloseable {
  private final Vertx vertx;
  private final SharedTables shared = new SharedTables(new WireCodec());
  private final String host;
  /** The HTTP port of each coordinator member; agent i starts on member i mod M and moves on when it is refused. */
  private final List<Integer> ports;
  private final NetworkSetup setup;
  private final String joinToken;
  private final Map<String, String> subnets = new TreeMap<>();
  private final List<SimAgent> agents = new ArrayList<>();
  /** Network to the endpoints the simulated agents have added and not removed. */
  private final Map<String, AtomicInteger> expected = new ConcurrentHashMap<>();
  private final AtomicInteger errorCount = new AtomicInteger();
  final AtomicLong reconnects = new AtomicLong();
  final AtomicLong gaps = new AtomicLong();
  /** Snapshots received, and tables kept through a {@code resume}, by every agent. */
  final AtomicLong snapshots = new AtomicLong();
  final AtomicLong resumedTables = new AtomicLong();
  private volatile ChangeProbe probe;

  Simulation(String host, List<Integer> ports, String adminToken, String joinToken, int eventLoops) {
    this.host = host;
    this.ports = List.copyOf(ports);
    this.setup = new NetworkSetup(URI.create("http://" + host + ":" + this.ports.get(0)), adminToken);
    this.joinToken = joinToken;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops)
        .setBlockedThreadCheckInterval(60_000));
  }

  String host() {
    return host;
  }

  /** The HTTP port of member {@code member} (taken modulo the number of members). */
  int port(int member) {
    return ports.get(Math.floorMod(member, ports.size()));
  }

  String joinToken() {
    return joinToken;
  }

  /** The coordinator URLs in the order agent {@code member} tries them: member {@code member} mod M first. */
  List<URI> coordinators(int member) {
    List<URI> urls = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      urls.add(URI.create("http://" + host + ":" + port(member + i)));
    }
    return urls;
  }

  /** What the agents of this JVM share (decoded table messages, computed tables). */
  SharedTables shared() {
    return shared;
  }

  String subnet(String network) {
    return subnets.get(network);
  }

  List<SimAgent> agents() {
    return agents;
  }

  int errors() {
    return errorCount.get();
  }

  /** Creates {@code count} networks net-00, net-01, … through the API (subnets from the coordinator's pool). */
  void createNetworks(int count) throws IOException, InterruptedException {
    createNetworks(count, i -> null);
  }

  /** As {@link #createNetworks(int)}, network i with subnet {@code subnet.apply(i)} (null: from the pool). */
  void createNetworks(int count, java.util.function.IntFunction<String> subnet)
      throws IOException, InterruptedException {
    setup.create(count, subnet).forEach((name, given) -> {
      subnets.put(name, given);
      expected.put(name, new AtomicInteger());
    });
  }

  /**
   * Makes agents {@code from}..{@code from+count-1}; agent i takes part in {@code perHost} networks spread over all
   * (i, i+7, i+13, … modulo the network count).
   */
  List<SimAgent> addAgents(int from, int count, int perHost) {
    List<String> names = List.copyOf(subnets.keySet());
    int[] offsets = {0, 7, 13, 3, 17, 11, 5, 19, 1, 9};
    List<SimAgent> made = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      Set<String> mine = new LinkedHashSet<>();
      for (int j = 0; mine.size() < Math.min(perHost, names.size()); j++) {
        mine.add(names.get((i + offsets[j % offsets.length] + j / offsets.length) % names.size()));
      }
      String underlay = "10." + (1 + i / 65536) + "." + (i / 256 % 256) + "." + (i % 256);
      made.add(new SimAgent(this, vertx.getOrCreateContext(), String.format("sim-%05d", i), underlay,
          List.copyOf(mine), i));
    }
    synchronized (agents) {
      agents.addAll(made);
    }
    return made;
  }

  /** Adds {@code total} endpoints spread evenly over the agents and, per agent, over its networks. */
  Future<Void> populate(SimAgent agent, int index, int agentCount, int total) {
    int mine = total / agentCount + (index < total % agentCount ? 1 : 0);
    List<String> networks = agent.networks();
    Future<Void> chain = Future.succeededFuture();
    for (int j = 0; j < networks.size(); j++) {
      String network = networks.get(j);
      int count = mine / networks.size() + (j < mine % networks.size() ? 1 : 0);
      for (int k = 0; k < count; k++) {
        chain = chain.compose(x -> add(agent, network).mapEmpty());
      }
    }
    return chain;
  }

  Future<String> add(SimAgent agent, String network) {
    return agent.addEndpoint(network);
  }

  /** An agent is about to send endpoint-add: counted, and timed when a probe waits for it. */
  void adding(String network, String ip) {
    expected.get(network).incrementAndGet();
    ChangeProbe p = probe;
    if (p != null && p.add && p.ip == null && p.network.equals(network)) {
      p.setIp(ip);
    }
  }

  void remove(SimAgent agent, String network, String ip) {
    expected.get(network).decrementAndGet();
    agent.removeEndpoint(network, ip);
  }

  Map<String, Integer> expected() {
    Map<String, Integer> counts = new HashMap<>();
    expected.forEach((n, c) -> counts.put(n, c.get()));
    return counts;
  }

  /**
   * Waits until every agent of {@code of} holds, from its current member, tables with every endpoint; answers the
   * milliseconds it took, or -1 after {@code timeout}.
   */
  long awaitInSync(Collection<SimAgent> of, Duration timeout) throws InterruptedException {
    return awaitInSync(of, timeout, Long.MIN_VALUE);
  }

  /** As {@link #awaitInSync(Collection, Duration)}, counting only agents welcomed after {@code since} (nanoTime). */
  long awaitInSync(Collection<SimAgent> of, Duration timeout, long since) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    List<SimAgent> left = new ArrayList<>(of);
    while (true) {
      Map<String, Integer> counts = expected();
      left.removeIf(a -> a.inSync(counts, since));
      if (left.isEmpty()) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      if (System.nanoTime() > deadline) {
        SimAgent first = left.get(0);
        System.err.println("scale: " + left.size() + " agents not in sync, e.g. " + first.hostId() + " "
            + first.tables().values() + " expected " + counts);
        return -1;
      }
      Thread.sleep(20);
    }
  }

  /**
   * One endpoint change by {@code origin}, timed until every agent of the network has applied it; answers the
   * milliseconds, or -1 after {@code timeout}.
   */
  long change(SimAgent origin, String network, String removeIp, Duration timeout, String[] added)
      throws InterruptedException {
    List<SimAgent> audience = new ArrayList<>();
    synchronized (agents) {
      for (SimAgent a : agents) {
        if (a.networks().contains(network)) {
          audience.add(a);
        }
      }
    }
    ChangeProbe p = new ChangeProbe(network, removeIp == null, audience.size());
    long start = System.nanoTime();
    if (removeIp == null) {
      p.ip = null;
      probe = p;
      String ip;
      try {
        ip = add(origin, network).toCompletionStage().toCompletableFuture().get(timeout.toMillis(),
            TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
        probe = null;
        return -1;
      }
      added[0] = ip;
    } else {
      p.setIp(removeIp);
      probe = p;
      remove(origin, network, removeIp);
    }
    boolean done = p.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    probe = null;
    return done ? (p.last.get() - start) / 1_000_000 : -1;
  }

  /** An agent's table changed (a snapshot or a delta): it has the probed change when its table shows it. */
  void tableChanged(SimAgent agent, NetworkTable table, long now) {
    ChangeProbe p = probe;
    if (table != null && p != null && p.network.equals(table.network()) && p.ip != null
        && table.endpoints().containsKey(p.ip) == p.add) {
      p.arrived(agent, now);
    }
  }

  void resumed(int tables) {
    resumedTables.addAndGet(tables);
  }

  void error(String host, String code, String message) {
    if (errorCount.incrementAndGet() <= 10) {
      System.err.println("scale: " + host + " got error " + code + ": " + message);
    }
  }

  @Override
  public void close() {
    synchronized (agents) {
      agents.forEach(SimAgent::stop);
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
  }
}
