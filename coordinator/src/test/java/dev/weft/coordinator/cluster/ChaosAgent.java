package dev.weft.coordinator.cluster;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.InterfaceInfo;
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
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An agent for the chaos test: the real protocol over a real WebSocket to one member at a time. Every call either
 * answers what the coordinator acknowledged or reports that it does not know (timeout, closed connection, error).
 */
final class ChaosAgent implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(12);
  private static final ToAgent CLOSED = new ToAgent.Error("closed", "closed", "connection closed");

  final String hostId;
  private final String underlay;
  private final WireCodec codec = new WireCodec();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private volatile LinkedBlockingQueue<ToAgent> inbox = new LinkedBlockingQueue<>();
  private volatile WebSocket socket;
  private String epoch;
  int failovers;

  ChaosAgent(String hostId, String underlay) {
    this.hostId = hostId;
    this.underlay = underlay;
  }

  boolean connected() {
    return socket != null && !socket.isOutputClosed() && !socket.isInputClosed();
  }

  /** Connects and registers with {@code endpoints} (what this host holds); true once welcomed. */
  boolean connect(int httpPort, String joinToken, List<Endpoint> endpoints) {
    close();
    LinkedBlockingQueue<ToAgent> queue = new LinkedBlockingQueue<>();
    inbox = queue;
    StringBuilder partial = new StringBuilder();
    try {
      socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + joinToken)
          .connectTimeout(Duration.ofSeconds(3))
          .buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/v1/agent"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
              partial.append(data);
              if (last) {
                try {
                  queue.add(codec.decodeToAgent(partial.toString()));
                } catch (RuntimeException e) {
                  // ignore what this test does not model
                }
                partial.setLength(0);
              }
              ws.request(1);
              return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
              queue.add(CLOSED);
              return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
              queue.add(CLOSED);
            }
          }).get(5, TimeUnit.SECONDS);
      String previous = epoch;
      send(new ToCoordinator.Register(report(), endpoints, Map.of()));
      ToAgent.Welcome welcome = await(ToAgent.Welcome.class, null, new ArrayList<>());
      if (welcome == null) {
        close();
        return false;
      }
      if (previous != null && !previous.equals(welcome.epoch())) {
        failovers++;
      }
      epoch = welcome.epoch();
      return true;
    } catch (Exception e) {
      close();
      return false;
    }
  }

  /** A block of {@code network} not in {@code full}; null when not acknowledged. Errors without a request id go to {@code stray}. */
  ToAgent.BlockGrant block(String network, List<String> full, List<ToAgent.Error> stray) {
    String id = UUID.randomUUID().toString();
    try {
      send(new ToCoordinator.BlockRequest(id, network, full));
    } catch (RuntimeException e) {
      close();
      return null;
    }
    return await(ToAgent.BlockGrant.class, id, stray);
  }

  /** Adds an endpoint; acknowledged when a later request comes back and no error came for it meanwhile. */
  boolean addEndpoint(Endpoint endpoint) {
    try {
      send(new ToCoordinator.EndpointAdd(endpoint));
    } catch (RuntimeException e) {
      close();
      return false;
    }
    List<ToAgent.Error> stray = new ArrayList<>();
    ToAgent.BlockGrant barrier = block(endpoint.network(), List.of(), stray);
    return barrier != null && stray.isEmpty();
  }

  private <T extends ToAgent> T await(Class<T> type, String requestId, List<ToAgent.Error> stray) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    LinkedBlockingQueue<ToAgent> queue = inbox;
    while (true) {
      ToAgent message;
      try {
        message = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      if (message == null || message == CLOSED) {
        close();
        return null;
      }
      if (message instanceof ToAgent.Error error) {
        if (requestId != null && requestId.equals(error.requestId())) {
          return null;
        }
        if (error.requestId() == null) {
          stray.add(error);
          if (requestId == null) {
            return null; // registration refused
          }
        }
        continue;
      }
      if (type.isInstance(message)) {
        if (message instanceof ToAgent.BlockGrant grant && !grant.requestId().equals(requestId)) {
          continue;
        }
        return type.cast(message);
      }
    }
  }

  private synchronized void send(ToCoordinator message) {
    WebSocket ws = socket;
    if (ws == null) {
      throw new IllegalStateException("not connected");
    }
    ws.sendText(codec.encode(message), true).orTimeout(5, TimeUnit.SECONDS).join();
  }

  private HostReport report() {
    return new HostReport(hostId, hostId + ".lab", underlay,
        List.of(new InterfaceInfo("eth0", "02:00:00:00:00:01", 1500, List.of(underlay + "/24"))), "27.3.1", null,
        null, "test", List.of());
  }

  @Override
  public void close() {
    WebSocket ws = socket;
    socket = null;
    if (ws != null) {
      ws.abort();
    }
  }
}
