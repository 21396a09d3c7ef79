package dev.weft.coordinator;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.InterfaceInfo;
import dev.weft.common.table.NetworkTable;
import dev.weft.common.table.VersionGapException;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import dev.weft.common.wire.WireCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * An agent speaking the real protocol over a real WebSocket: it records every message and keeps tables the way an
 * agent must (snapshot replaces, delta applies, a gap is noticed).
 */
public final class FakeAgent implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(15);

  private final String hostId;
  private final String underlay;
  private final WireCodec codec = new WireCodec();
  private final List<ToAgent> unconsumed = new ArrayList<>();
  private final List<ToAgent> seen = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<String, NetworkTable> tables = new ConcurrentHashMap<>();
  private final List<String> gaps = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile WebSocket socket;
  private volatile String wireGuardKey;
  private volatile boolean closedByCoordinator;
  private final java.util.concurrent.ScheduledExecutorService heartbeats =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

  public FakeAgent(String hostId, String underlay) {
    this.hostId = hostId;
    this.underlay = underlay;
  }

  String hostId() {
    return hostId;
  }

  /** Connects with {@code token}; fails (with the HTTP status inside) when the upgrade is refused. */
  public FakeAgent connect(URI uri, String token) {
    return connect(uri, HttpClient.newHttpClient(), token);
  }

  /** Connects through {@code client} (a TLS client with a host certificate, issue 6); no header when token is null. */
  public FakeAgent connect(URI uri, HttpClient client, String token) {
    StringBuilder partial = new StringBuilder();
    WebSocket.Builder builder = client.newWebSocketBuilder();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    socket = builder
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(uri, new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              receive(partial.toString());
              partial.setLength(0);
            }
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closedByCoordinator = true;
            return null;
          }
        }).join();
    return this;
  }

  public HostReport report() {
    return new HostReport(hostId, hostId + ".lab", underlay,
        List.of(new InterfaceInfo("eth0", "02:00:00:00:00:01", 1500, List.of(underlay + "/24"))), "27.3.1", null,
        null, "test", List.of(), wireGuardKey == null ? null : "wireguard-go", wireGuardKey,
        wireGuardKey == null ? 0 : 51820);
  }

  /** Reports WireGuard with this public key (issue 6); call before {@link #register}. */
  FakeAgent withWireGuard(String publicKey) {
    this.wireGuardKey = publicKey;
    return this;
  }

  /** The last key table received (issue 6), or null. */
  ToAgent.Keys latestKeys() {
    synchronized (seen) {
      for (int i = seen.size() - 1; i >= 0; i--) {
        if (seen.get(i) instanceof ToAgent.Keys k) {
          return k;
        }
      }
    }
    return null;
  }

  public void register(List<Endpoint> endpoints) {
    send(new ToCoordinator.Register(report(), endpoints, Map.of()));
  }

  public void send(ToCoordinator message) {
    sendRaw(codec.encode(message));
  }

  /** One frame; serialized because the JDK WebSocket refuses a send while another is pending. */
  synchronized void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  /**
   * The first not yet taken message of that type, waiting for it when there is none. Messages of other types stay
   * for later calls (the coordinator may interleave, for example, a snapshot and a block grant either way).
   */
  public <T extends ToAgent> T next(Class<T> type) {
    return next(type, m -> true);
  }

  public <T extends ToAgent> T next(Class<T> type, Predicate<T> matching) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    synchronized (unconsumed) {
      while (true) {
        for (java.util.Iterator<ToAgent> it = unconsumed.iterator(); it.hasNext(); ) {
          ToAgent message = it.next();
          if (type.isInstance(message) && matching.test(type.cast(message))) {
            it.remove();
            return type.cast(message);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(hostId + ": no " + type.getSimpleName() + " within " + WAIT + "; saw " + seen());
        }
        try {
          unconsumed.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** Whether the coordinator closed the connection. */
  boolean closedByCoordinator() {
    return closedByCoordinator;
  }

  /** Every message so far, in order. */
  public List<ToAgent> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /** The table this agent holds for a network, or null. */
  public NetworkTable table(String network) {
    return tables.get(network);
  }

  List<String> gaps() {
    return List.copyOf(gaps);
  }

  /** Forgets its table of a network (as after a lost delta); it then asks for a snapshot. */
  void forget(String network) {
    tables.remove(network);
    send(new ToCoordinator.SnapshotRequest(network));
  }

  /** Sends a heartbeat every {@code period} until disconnected. */
  void startHeartbeats(Duration period) {
    heartbeats.scheduleAtFixedRate(() -> {
      try {
        send(new ToCoordinator.Heartbeat());
      } catch (RuntimeException e) {
        // the socket is gone; the test decides what that means
      }
    }, 0, period.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Stops heartbeats but keeps the connection open: a hung agent. */
  void fallSilent() {
    heartbeats.shutdownNow();
  }

  public void disconnect() {
    heartbeats.shutdownNow();
    if (socket != null) {
      socket.abort();
    }
  }

  @Override
  public void close() {
    disconnect();
  }

  private void receive(String text) {
    ToAgent message = codec.decodeToAgent(text);
    if (message instanceof ToAgent.TableSnapshot snapshot) {
      tables.put(snapshot.network(), NetworkTable.fromSnapshot(snapshot));
    } else if (message instanceof ToAgent.TableDelta delta) {
      NetworkTable table = tables.get(delta.network());
      try {
        if (table == null) {
          throw new VersionGapException(delta.network(), "", 0, delta.epoch(), delta.version());
        }
        tables.put(delta.network(), table.apply(delta));
      } catch (VersionGapException gap) {
        gaps.add(delta.network() + "@" + delta.version());
      }
    }
    seen.add(message);
    synchronized (unconsumed) {
      unconsumed.add(message);
      unconsumed.notifyAll();
    }
  }
}
