package dev.weft.agent.control;

import dev.weft.agent.identity.ChannelSecurity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.Network;
import dev.weft.common.model.Peer;
import dev.weft.common.sync.TableBook;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import dev.weft.common.wire.WireCodec;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlClientTest {
  static final HostReport REPORT = new HostReport("h1", "host1", "10.77.0.1", List.of(), "20.10.24", null, null,
      "0.1.0", List.of());
  static final Endpoint LOCAL = new Endpoint("red", "h1", "100.64.0.1", "02:57:64:40:00:01", "c1", null);
  static final Network RED = new Network("red", "100.64.0.0/24", 300, 0, false, Map.of(), 26, "t");
  static final Peer P2 = new Peer("h2", "10.77.0.2");
  static final Endpoint E2 = new Endpoint("red", "h2", "100.64.0.65", "02:57:64:40:00:41", "c2", null);
  static final Endpoint E3 = new Endpoint("red", "h2", "100.64.0.66", "02:57:64:40:00:42", "c3", null);
  /** Short timeouts, and a heartbeat "second" of 200 ms: heartbeat every 67 ms, silence limit 600 ms. */
  static final ControlTiming QUICK = new ControlTiming(Duration.ofMillis(50), Duration.ofMillis(200),
      Duration.ofSeconds(2), Duration.ofMillis(200));
  /** Every reconnect at once: no test waits for a backoff. */
  static final ReconnectBackoff IMMEDIATE = new ReconnectBackoff(Duration.ofMillis(1), Duration.ofMillis(1),
      new SplittableRandom(13));

  Vertx vertx;
  ControlClient client;
  final TableBook book = new TableBook();
  final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  final ControlListener listener = new ControlListener() {
    @Override
    public void onConnected(URI coordinator) {
      events.add("connected " + coordinator.getPort());
    }

    @Override
    public void onDisconnected() {
      events.add("disconnected");
    }

    @Override
    public void onCatalog(List<Network> networks) {
      events.add("catalog " + networks.stream().map(Network::name).toList());
    }

    @Override
    public void onTableChanged(String network) {
      events.add("table " + network);
    }
  };

  final LocalView local = new LocalView() {
    @Override
    public HostReport hostReport() {
      return REPORT;
    }

    @Override
    public List<Endpoint> endpoints() {
      return List.of(LOCAL);
    }
  };

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  String nextEvent() throws InterruptedException {
    String e = events.poll(10, TimeUnit.SECONDS);
    assertThat(e).as("an event within 10 s").isNotNull();
    return e;
  }

  ControlClient client(List<URI> urls) {
    client = new ControlClient(vertx, urls, ChannelSecurity.bearer("s3cret"), book, local, listener, QUICK,
        IMMEDIATE, new WireCodec()::decodeToAgent);
    return client;
  }

  @Test
  void sessionRegisterHeartbeatTablesGapBlocksAndFailover() throws Exception {
    FakeCoordinator a = new FakeCoordinator(vertx, "s3cret").start();
    FakeCoordinator b = new FakeCoordinator(vertx, "s3cret").start();
    client(List.of(a.uri(), b.uri())).start();

    ToCoordinator.Register register = a.next(ToCoordinator.Register.class);
    assertThat(register.host()).isEqualTo(REPORT);
    assertThat(register.endpoints()).containsExactly(LOCAL);
    assertThat(register.digests()).isEmpty();

    a.send(new ToAgent.Welcome("h1", 1, "e1"));
    assertThat(nextEvent()).isEqualTo("connected " + a.uri().getPort());
    assertThat(client.connected()).isTrue();
    a.send(new ToAgent.Networks(List.of(RED)));
    assertThat(nextEvent()).isEqualTo("catalog [red]");
    a.send(new ToAgent.TableSnapshot("red", "e1", 1, List.of(P2), List.of(E2)));
    assertThat(nextEvent()).isEqualTo("table red");
    assertThat(book.tables().get("red").version()).isEqualTo(1L);

    // heartbeats every heartbeatSeconds / 3
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (a.heartbeats.get() < 2 && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(a.heartbeats.get()).isGreaterThanOrEqualTo(2);

    // a delta that follows is applied
    a.send(new ToAgent.TableDelta("red", "e1", 2, List.of(), List.of(), List.of(E3), List.of()));
    assertThat(nextEvent()).isEqualTo("table red");
    assertThat(book.tables().get("red").endpoints()).containsOnlyKeys("100.64.0.65", "100.64.0.66");

    // a gap asks for a snapshot, once
    a.send(new ToAgent.TableDelta("red", "e1", 4, List.of(), List.of(), List.of(), List.of("100.64.0.65")));
    a.send(new ToAgent.TableDelta("red", "e1", 5, List.of(), List.of(), List.of(), List.of("100.64.0.66")));
    assertThat(a.next(ToCoordinator.SnapshotRequest.class)).isEqualTo(new ToCoordinator.SnapshotRequest("red"));
    a.send(new ToAgent.TableSnapshot("red", "e1", 5, List.of(P2), List.of()));
    assertThat(nextEvent()).isEqualTo("table red");
    assertThat(book.tables().get("red").version()).isEqualTo(5L);
    assertThat(a.received).isEmpty();

    // block requests carry an id and complete with the matching grant or error
    var grant = client.requestBlock("red", List.of("100.64.0.0/26"));
    ToCoordinator.BlockRequest req = a.next(ToCoordinator.BlockRequest.class);
    assertThat(req.network()).isEqualTo("red");
    assertThat(req.full()).containsExactly("100.64.0.0/26");
    a.send(new ToAgent.BlockGrant(req.requestId(), "red", "100.64.0.64/26",
        List.of("100.64.0.0/26", "100.64.0.64/26")));
    assertThat(grant.get(5, TimeUnit.SECONDS).block()).isEqualTo("100.64.0.64/26");

    var refused = client.requestBlock("red", List.of());
    ToCoordinator.BlockRequest req2 = a.next(ToCoordinator.BlockRequest.class);
    a.send(new ToAgent.Error(req2.requestId(), "pool-exhausted", "no free block in red"));
    assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(CoordinatorLink.CoordinatorException.class).hasMessageContaining("pool-exhausted");

    // unanswered requests time out
    var unanswered = client.requestBlock("red", List.of());
    a.next(ToCoordinator.BlockRequest.class);
    assertThatThrownBy(() -> unanswered.get(5, TimeUnit.SECONDS)).cause()
        .isInstanceOf(java.util.concurrent.TimeoutException.class);

    // messages flow while connected
    client.send(new ToCoordinator.EndpointRemove("red", "100.64.0.1"));
    assertThat(a.next(ToCoordinator.EndpointRemove.class).ip()).isEqualTo("100.64.0.1");

    // the coordinator dies: the client fails over to the next URL and resumes from its table digests
    a.kill();
    assertThat(nextEvent()).isEqualTo("disconnected");
    ToCoordinator.Register again = b.next(ToCoordinator.Register.class);
    String digest = book.tables().get("red").digest().toString();
    assertThat(again.digests()).isEqualTo(Map.of("red", digest));
    assertThat(book.tables()).containsKey("red"); // tables stay while disconnected
    b.send(new ToAgent.Welcome("h1", 1, "e2"));
    assertThat(nextEvent()).isEqualTo("connected " + b.uri().getPort());
    // the other member numbers the same content e2#40: the table is kept under that numbering, and its deltas apply
    b.send(new ToAgent.Resume("e2", List.of(new ToAgent.ResumedTable("red", 40, digest))));
    b.send(new ToAgent.TableDelta("red", "e2", 41, List.of(), List.of(), List.of(E3), List.of()));
    assertThat(nextEvent()).isEqualTo("table red");
    assertThat(book.tables().get("red").version()).isEqualTo(41L);
    assertThat(b.received).isEmpty();

    // an idle coordinator that answers pings is kept (no reconnect after 3 heartbeats of silence): wait for more
    // heartbeats than fit in the silence limit
    int beats = b.heartbeats.get();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (b.heartbeats.get() < beats + 12 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(b.heartbeats.get()).isGreaterThanOrEqualTo(beats + 12);
    assertThat(b.connections.get()).isEqualTo(1);
    assertThat(client.connected()).isTrue();
  }

  @Test
  void unreachableFirstUrlFailsOverToSecond() throws Exception {
    FakeCoordinator b = new FakeCoordinator(vertx, "s3cret").start();
    client(List.of(deadUri(), b.uri())).start();
    b.next(ToCoordinator.Register.class);
    b.send(new ToAgent.Welcome("h1", 10, "e1"));
    assertThat(nextEvent()).isEqualTo("connected " + b.uri().getPort());
  }

  @Test
  void reconnectsToTheSameCoordinatorAfterItCloses() throws Exception {
    FakeCoordinator a = new FakeCoordinator(vertx, "s3cret").start();
    client(List.of(a.uri())).start();
    a.next(ToCoordinator.Register.class);
    a.send(new ToAgent.Welcome("h1", 10, "e1"));
    assertThat(nextEvent()).startsWith("connected");
    a.send(new ToAgent.Error(null, "unavailable", "going away")); // logged, not fatal
    a.closeCurrent();
    assertThat(nextEvent()).isEqualTo("disconnected");
    a.next(ToCoordinator.Register.class);
    assertThat(a.connections.get()).isEqualTo(2);
  }

  @Test
  void wrongTokenIsRefusedAndRetried() throws Exception {
    FakeCoordinator a = new FakeCoordinator(vertx, "other").start();
    client(List.of(a.uri())).start();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (a.rejected.get() < 2 && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(a.rejected.get()).isGreaterThanOrEqualTo(2);
    assertThat(client.connected()).isFalse();
    assertThatThrownBy(() -> client.requestBlock("red", List.of()).get(5, TimeUnit.SECONDS)).cause()
        .isInstanceOf(IllegalStateException.class);
  }

  static URI deadUri() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return new URI("http://127.0.0.1:" + port);
  }
}
