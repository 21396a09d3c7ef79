package dev.weft.scale;

import dev.weft.agent.control.ControlClient;
import dev.weft.agent.control.ControlListener;
import dev.weft.agent.control.LocalView;
import dev.weft.agent.control.ControlTiming;
import dev.weft.agent.control.CoordinatorLink;
import dev.weft.agent.control.ReconnectBackoff;
import dev.weft.agent.identity.ChannelSecurity;
import dev.weft.common.ipam.AddressAllocator;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.InterfaceInfo;
import dev.weft.common.model.Network;
import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import dev.weft.common.sync.TableBook;
import dev.weft.common.sync.TableSync;
import dev.weft.common.table.NetworkTable;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One simulated agent: the agent's real control client ({@link ControlClient}: register, heartbeat, table sync,
 * block requests, reconnect and failover) over a real WebSocket, with a thin fake host around it: a made-up host
 * report, and endpoints with addresses from its blocks instead of containers. All its state but the flags lives on
 * its Vert.x context, which is also its client's.
 */
final class SimAgent implements ControlListener, LocalView {
  /**
   * The agent's own backoff, but a minute for answers and welcomes: thousands of agents registering at once on one
   * machine wait longer than one agent does.
   */
  private static final ControlTiming TIMING = new ControlTiming(
      ControlTiming.DEFAULT.backoffMin(), ControlTiming.DEFAULT.backoffMax(), Duration.ofMinutes(1));

  private final Simulation sim;
  private final Context context;
  private final String hostId;
  private final String underlay;
  private final List<String> networks;
  private final TableBook book;
  /** Network to the host's blocks, in grant order, and how many addresses of each it has used. */
  private final Map<String, LinkedHashMap<String, Integer>> blocks = new HashMap<>();
  private final Map<String, Endpoint> own = new LinkedHashMap<>();
  private ControlClient client;
  private volatile String epoch;
  private volatile boolean welcomed;
  /** When the current connection was welcomed (nanoTime). */
  private volatile long welcomedAt;
  private Promise<Void> welcome;

  /** @param member the coordinator member it tries first; it fails over to the next ones in order */
  SimAgent(Simulation sim, Context context, String hostId, String underlay, List<String> networks, int member) {
    this.sim = sim;
    this.context = context;
    this.hostId = hostId;
    this.underlay = underlay;
    this.networks = List.copyOf(networks);
    this.book = new TableBook(List.of(), sim.shared());
    List<URI> coordinators = sim.coordinators(member);
    // built on its context, so that the client's context is this agent's
    context.runOnContext(v -> client = new ControlClient(context.owner(), coordinators,
        ChannelSecurity.bearer(sim.joinToken()), book, this, this, TIMING,
        new ReconnectBackoff(TIMING.backoffMin(), TIMING.backoffMax(), new SplittableRandom(member)),
        sim.shared()::decode));
  }

  String hostId() {
    return hostId;
  }

  List<String> networks() {
    return networks;
  }

  boolean welcomed() {
    return welcomed;
  }

  /** The tables it holds, by network. */
  Map<String, NetworkTable> tables() {
    return book.tables();
  }

  /** Connects and registers; completes at the welcome. */
  Future<Void> connect() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      welcome = done;
      client.start();
    });
    return done.future();
  }

  /** Adds one endpoint in {@code network} (a new block when its blocks are full); completes with its IP. */
  Future<String> addEndpoint(String network) {
    Promise<String> done = Promise.promise();
    context.runOnContext(v -> freeAddress(network, new ArrayList<>()).onSuccess(ip -> {
      Endpoint endpoint = new Endpoint(network, hostId, ip, mac(ip), "c-" + hostId + "-" + ip, null);
      own.put(network + "/" + ip, endpoint);
      sim.adding(network, ip);
      client.send(new ToCoordinator.EndpointAdd(endpoint));
      done.complete(ip);
    }).onFailure(done::fail));
    return done.future();
  }

  /** Removes one of its endpoints. */
  void removeEndpoint(String network, String ip) {
    context.runOnContext(v -> {
      own.remove(network + "/" + ip);
      client.send(new ToCoordinator.EndpointRemove(network, ip));
    });
  }

  /**
   * Whether it is welcomed (after {@code since}, nanoTime; {@code Long.MIN_VALUE}: at any time) and holds, numbered
   * by its member, a table of each of its networks with exactly the expected endpoint count.
   */
  boolean inSync(Map<String, Integer> expected, long since) {
    String current = epoch;
    if (!welcomed || current == null || (since != Long.MIN_VALUE && welcomedAt - since < 0)) {
      return false;
    }
    for (String network : networks) {
      NetworkTable table = book.table(network);
      if (table == null || !table.epoch().equals(current)
          || table.endpoints().size() != expected.getOrDefault(network, 0)) {
        return false;
      }
    }
    return true;
  }

  void stop() {
    context.runOnContext(v -> client.stop());
  }

  // ---- ControlListener and LocalView (its context) ----

  @Override
  public void onWelcomed(URI coordinator, ToAgent.Welcome w) {
    epoch = w.epoch();
    welcomedAt = System.nanoTime();
    welcomed = true;
    if (welcome != null) {
      welcome.tryComplete();
    }
  }

  @Override
  public void onDisconnected() {
    welcomed = false;
    sim.reconnects.incrementAndGet();
  }

  @Override
  public void onCatalog(List<Network> catalog) {
  }

  @Override
  public void onTableChanged(String network) {
    sim.tableChanged(this, book.table(network), System.nanoTime());
  }

  @Override
  public void onTableSync(TableSync.Reaction reaction) {
    switch (reaction.kind()) {
      case SNAPSHOT -> sim.snapshots.incrementAndGet();
      case RESUME -> sim.resumed(reaction.resumed());
      default -> { }
    }
    sim.gaps.addAndGet(reaction.resync().size());
  }

  @Override
  public void onCoordinatorError(ToAgent.Error error) {
    sim.error(hostId, error.code(), error.message());
  }

  @Override
  public HostReport hostReport() {
    return new HostReport(hostId, hostId + ".sim", underlay,
        List.of(new InterfaceInfo("eth0", mac(underlay), 1500, List.of(underlay + "/16"))), "27.3.1", null, null,
        "weft-scale", List.of());
  }

  @Override
  public List<Endpoint> endpoints() {
    return List.copyOf(own.values());
  }

  /** An address of its blocks in {@code network} not used yet; asks for a block when all are used. */
  private Future<String> freeAddress(String network, List<String> full) {
    LinkedHashMap<String, Integer> owned = blocks.computeIfAbsent(network, n -> new LinkedHashMap<>());
    Cidr subnet = Cidr.parse(sim.subnet(network));
    for (Map.Entry<String, Integer> block : owned.entrySet()) {
      Cidr cidr = Cidr.parse(block.getKey());
      for (long i = block.getValue(); i < cidr.size(); i++) {
        Ipv4 ip = cidr.address(i);
        if (AddressAllocator.usable(ip, subnet) && !own.containsKey(network + "/" + ip)) {
          block.setValue((int) i + 1);
          return Future.succeededFuture(ip.toString());
        }
      }
      if (!full.contains(block.getKey())) {
        full.add(block.getKey());
      }
    }
    return Future.fromCompletionStage(client.requestBlock(network, List.copyOf(full)), context)
        .recover(e -> {
          if (e instanceof CoordinatorLink.CoordinatorException c) {
            sim.error(hostId, c.code(), c.getMessage());
          }
          return Future.failedFuture(e);
        })
        .compose(g -> {
          if (owned.containsKey(g.block())) {
            return Future.failedFuture("block " + g.block() + " granted again though it is full");
          }
          owned.put(g.block(), 0);
          return freeAddress(network, full);
        });
  }

  private static String mac(String ip) {
    int bits = Ipv4.parse(ip).bits();
    return String.format("02:42:%02x:%02x:%02x:%02x", bits >>> 24, (bits >>> 16) & 0xff, (bits >>> 8) & 0xff,
        bits & 0xff);
  }
}
