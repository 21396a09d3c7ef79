package dev.weft.scale;

import dev.weft.common.ipam.AddressAllocator;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.InterfaceInfo;
import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import dev.weft.common.table.NetworkTable;
import dev.weft.common.table.VersionGapException;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import dev.weft.common.wire.WireCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One simulated agent: a real client of the agent protocol (coordinator/PROTOCOL.md) over a real WebSocket, with no
 * kernel behind it. It registers, asks for blocks, adds endpoints with addresses from its blocks, holds its tables
 * from snapshots and deltas, heartbeats, and reconnects (re-registering its endpoints, epoch and versions) when the
 * connection drops. All of its state but {@link #tables} and the flags is confined to its Vert.x context.
 */
final class SimAgent {
  private final Simulation sim;
  private final Context context;
  private final WebSocketClient client;
  private final WireCodec codec;
  private final String hostId;
  private final String underlay;
  private final List<String> networks;
  /** Network to the host's blocks, in grant order, and how many addresses of each it has used. */
  private final Map<String, LinkedHashMap<String, Integer>> blocks = new HashMap<>();
  private final Map<String, Endpoint> own = new LinkedHashMap<>();
  private final Map<String, Promise<ToAgent.BlockGrant>> pending = new HashMap<>();
  final Map<String, NetworkTable> tables = new ConcurrentHashMap<>();
  private WebSocket socket;
  private long heartbeatTimer = -1;
  private int requests;
  private volatile String epoch;
  private volatile boolean welcomed;
  /** When the current connection was welcomed (nanoTime). */
  private volatile long welcomedAt;
  /** The member it connects to: its index modulo the members at first, the next one after a refused connection. */
  private int member;
  private volatile boolean stopped;
  private Promise<Void> welcome;

  SimAgent(Simulation sim, Context context, WebSocketClient client, WireCodec codec, String hostId, String underlay,
           List<String> networks, int member) {
    this.sim = sim;
    this.member = member;
    this.context = context;
    this.client = client;
    this.codec = codec;
    this.hostId = hostId;
    this.underlay = underlay;
    this.networks = List.copyOf(networks);
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

  /** Connects and registers; completes at the welcome. */
  Future<Void> connect() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      welcome = done;
      open();
    });
    return done.future();
  }

  /** Asks for blocks and adds {@code perNetwork} endpoints in each of its networks. */
  Future<Void> populate(int perNetwork) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      Future<Void> chain = Future.succeededFuture();
      for (String network : networks) {
        for (int i = 0; i < perNetwork; i++) {
          chain = chain.compose(x -> addEndpoint(network).mapEmpty());
        }
      }
      chain.onComplete(done);
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
      send(new ToCoordinator.EndpointAdd(endpoint));
      done.complete(ip);
    }).onFailure(done::fail));
    return done.future();
  }

  /** Removes one of its endpoints. */
  void removeEndpoint(String network, String ip) {
    context.runOnContext(v -> {
      own.remove(network + "/" + ip);
      send(new ToCoordinator.EndpointRemove(network, ip));
    });
  }

  /**
   * Whether it is welcomed (after {@code since}, nanoTime; {@code Long.MIN_VALUE}: at any time) and holds, numbered by its member, a table of each of its
   * networks with exactly the expected endpoint count.
   */
  boolean inSync(Map<String, Integer> expected, long since) {
    String current = epoch;
    if (!welcomed || current == null || (since != Long.MIN_VALUE && welcomedAt - since < 0)) {
      return false;
    }
    for (String network : networks) {
      NetworkTable table = tables.get(network);
      if (table == null || !table.epoch().equals(current)
          || table.endpoints().size() != expected.getOrDefault(network, 0)) {
        return false;
      }
    }
    return true;
  }

  void stop() {
    stopped = true;
    context.runOnContext(v -> {
      if (heartbeatTimer >= 0) {
        context.owner().cancelTimer(heartbeatTimer);
      }
      if (socket != null) {
        socket.close();
      }
    });
  }

  private void open() {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(sim.host()).setPort(sim.port(member))
        .setURI("/v1/agent").addHeader("Authorization", "Bearer " + sim.joinToken()).setTimeout(20_000);
    client.connect(options).onSuccess(ws -> {
      socket = ws;
      ws.textMessageHandler(this::receive);
      ws.closeHandler(x -> closed());
      ws.exceptionHandler(e -> { });
      Map<String, String> digests = new HashMap<>();
      tables.forEach((n, t) -> digests.put(n, t.digest().toString()));
      send(new ToCoordinator.Register(report(), List.copyOf(own.values()), digests));
    }).onFailure(e -> {
      member++; // refused: try the next member, as an agent given several coordinator URLs does
      retry();
    });
  }

  private void closed() {
    socket = null;
    welcomed = false;
    pending.values().forEach(p -> p.tryFail("connection closed"));
    pending.clear();
    if (heartbeatTimer >= 0) {
      context.owner().cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
    retry();
  }

  private void retry() {
    if (stopped) {
      return;
    }
    sim.reconnects.incrementAndGet();
    context.owner().setTimer(250 + ThreadLocalRandom.current().nextInt(750), id -> open());
  }

  private void receive(String text) {
    long now = System.nanoTime();
    TableCache.Header header = TableCache.header(text);
    if (header != null) {
      table(header, text, now);
      return;
    }
    ToAgent message = codec.decodeToAgent(text);
    if (message instanceof ToAgent.Welcome w) {
      epoch = w.epoch();
      welcomedAt = System.nanoTime();
      welcomed = true;
      if (heartbeatTimer < 0) {
        long every = Math.max(1, w.heartbeatSeconds()) * 1000L;
        heartbeatTimer = context.owner().setPeriodic(ThreadLocalRandom.current().nextLong(every), every,
            id -> send(new ToCoordinator.Heartbeat()));
      }
      if (welcome != null) {
        welcome.tryComplete();
      }
    } else if (message instanceof ToAgent.Resume resume) {
      sim.resumed(resume.tables().size());
      for (ToAgent.ResumedTable t : resume.tables()) {
        NetworkTable held = tables.get(t.network());
        if (held != null && held.digest().toString().equals(t.digest())) {
          tables.put(t.network(), held.relabel(resume.epoch(), t.version()));
        } else {
          gap(t.network());
        }
      }
    } else if (message instanceof ToAgent.BlockGrant grant) {
      Promise<ToAgent.BlockGrant> promise = pending.remove(grant.requestId());
      if (promise != null) {
        promise.complete(grant);
      }
    } else if (message instanceof ToAgent.Error error) {
      sim.error(hostId, error);
      Promise<ToAgent.BlockGrant> promise = error.requestId() == null ? null : pending.remove(error.requestId());
      if (promise != null) {
        promise.fail(error.code() + ": " + error.message());
      }
    }
  }

  /** A snapshot replaces, a delta applies to the held version or asks for a snapshot (PROTOCOL.md, Tables). */
  private void table(TableCache.Header header, String text, long now) {
    TableCache.Entry cached = sim.cache().get(header);
    if (header.type().equals("snapshot")) {
      NetworkTable table;
      if (cached != null) {
        table = cached.table();
      } else {
        table = NetworkTable.fromSnapshot((ToAgent.TableSnapshot) codec.decodeToAgent(text));
        sim.cache().put(header, new TableCache.Entry(table, null));
      }
      tables.put(header.network(), table);
      sim.snapshot(this, table, now);
      return;
    }
    NetworkTable held = tables.get(header.network());
    if (held == null || !held.epoch().equals(header.epoch()) || held.version() + 1 != header.version()) {
      gap(header.network());
      return;
    }
    ToAgent.TableDelta delta;
    NetworkTable next;
    if (cached != null && cached.delta() != null) {
      delta = cached.delta();
      next = cached.table();
    } else {
      delta = (ToAgent.TableDelta) codec.decodeToAgent(text);
      try {
        next = held.apply(delta);
      } catch (VersionGapException e) {
        gap(header.network());
        return;
      }
      sim.cache().put(header, new TableCache.Entry(next, delta));
    }
    tables.put(header.network(), next);
    sim.delta(this, delta, now);
  }

  private void gap(String network) {
    sim.gaps.incrementAndGet();
    tables.remove(network);
    send(new ToCoordinator.SnapshotRequest(network));
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
    String id = hostId + "-" + (++requests);
    Promise<ToAgent.BlockGrant> grant = Promise.promise();
    pending.put(id, grant);
    send(new ToCoordinator.BlockRequest(id, network, full));
    return grant.future().compose(g -> {
      if (owned.containsKey(g.block())) {
        return Future.failedFuture("block " + g.block() + " granted again though it is full");
      }
      owned.put(g.block(), 0);
      return freeAddress(network, full);
    });
  }

  private void send(ToCoordinator message) {
    WebSocket ws = socket;
    if (ws != null && !ws.isClosed()) {
      ws.writeTextMessage(codec.encode(message));
    }
  }

  private HostReport report() {
    return new HostReport(hostId, hostId + ".sim", underlay,
        List.of(new InterfaceInfo("eth0", mac(underlay), 1500, List.of(underlay + "/16"))), "27.3.1", null, null,
        "weft-scale", List.of());
  }

  private static String mac(String ip) {
    int bits = Ipv4.parse(ip).bits();
    return String.format("02:42:%02x:%02x:%02x:%02x", bits >>> 24, (bits >>> 16) & 0xff, (bits >>> 8) & 0xff,
        bits & 0xff);
  }
}
