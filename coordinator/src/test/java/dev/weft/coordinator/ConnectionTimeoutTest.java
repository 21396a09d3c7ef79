package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.wire.ToAgent;
import dev.weft.coordinator.config.HttpLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: slow and idle connections are closed (header, idle and register timeouts), agents that heartbeat are
 * not. The timeouts are configured short; every wait is for a condition, with a generous bound.
 */
class ConnectionTimeoutTest {
  private static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir
  Path dataDir;

  @Test
  void aConnectionThatTricklesItsRequestHeadOrSendsNothingIsClosed() throws Exception {
    // The idle timeout is long: only the header timeout can close these connections within the bound.
    HttpLimits limits = HttpLimits.DEFAULTS.toBuilder().headerTimeout(Duration.ofSeconds(1))
        .idleTimeout(Duration.ofSeconds(60)).registerTimeout(Duration.ofSeconds(60)).build();
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withHttp(limits));
         Socket slow = new Socket("127.0.0.1", weft.port());
         Socket silent = new Socket("127.0.0.1", weft.port())) {
      slow.setSoTimeout(100);
      silent.setSoTimeout(100);
      OutputStream out = slow.getOutputStream();
      out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
      long deadline = System.nanoTime() + BOUND.toNanos();
      int trickled = 0;
      while (!closed(slow) && System.nanoTime() < deadline) {
        try {
          out.write(("X-Slow-" + trickled++ + ": a\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException reset) {
          break; // closed by the server
        }
      }
      assertThat(System.nanoTime()).as("the slow connection was closed within " + BOUND).isLessThan(deadline);
      Eventually.until("the silent connection is closed", () -> closed(silent), c -> c, BOUND);
      Eventually.until("counted", () -> weft.send(java.net.http.HttpRequest.newBuilder(weft.uri("/metrics")))
          .body(), m -> m.contains("weft_http_timeouts_total{kind=\"header\"} 2\n"), BOUND);
    }
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedWhileAnAgentThatHeartbeatsStays() throws Exception {
    HttpLimits limits = HttpLimits.DEFAULTS.toBuilder().headerTimeout(Duration.ofSeconds(30))
        .idleTimeout(Duration.ofSeconds(2)).registerTimeout(Duration.ofSeconds(60)).build();
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withHttp(limits));
         FakeAgent agent = new FakeAgent("beating", "192.0.2.7").connect(weft.agentUri(),
             weft.coordinator().joinToken());
         Socket idle = new Socket("127.0.0.1", weft.port())) {
      agent.register(List.of());
      agent.next(ToAgent.Welcome.class);
      agent.startHeartbeats(Duration.ofMillis(300));
      idle.setSoTimeout(100);
      idle.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      Eventually.until("an answer", () -> read(idle), text -> text.contains("HTTP/1.1 200"), BOUND);
      Eventually.until("the idle connection is closed", () -> closed(idle), c -> c, BOUND);
      // the agent, silent but for its heartbeats for as long, is still connected and still served
      assertThat(agent.closedByCoordinator()).isFalse();
      assertThat(weft.post("/v1/networks", "{\"name\":\"still-here\"}").status()).isEqualTo(201);
      agent.next(ToAgent.Networks.class, n -> n.networks().stream().anyMatch(x -> x.name().equals("still-here")));
    }
  }

  @Test
  void aWebSocketThatNeverRegistersIsClosed() {
    HttpLimits limits = HttpLimits.DEFAULTS.toBuilder().headerTimeout(Duration.ofSeconds(30))
        .idleTimeout(Duration.ofSeconds(60)).registerTimeout(Duration.ofSeconds(1)).build();
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withHttp(limits));
         FakeAgent mute = new FakeAgent("mute", "192.0.2.8").connect(weft.agentUri(),
             weft.coordinator().joinToken())) {
      Eventually.until("the unregistered socket is closed", mute::closedByCoordinator, c -> c, BOUND);
      Eventually.until("counted", () -> weft.send(java.net.http.HttpRequest.newBuilder(weft.uri("/metrics")))
          .body(), m -> m.contains("weft_http_timeouts_total{kind=\"register\"} 1\n"), BOUND);
    }
  }

  /** Whether the server closed {@code socket}: a read returns end of stream or fails, within 100 ms. */
  private static boolean closed(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException open) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static final StringBuilder RECEIVED = new StringBuilder();

  private static String read(Socket socket) {
    try {
      byte[] buffer = new byte[4096];
      int n = socket.getInputStream().read(buffer);
      if (n > 0) {
        RECEIVED.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
      }
    } catch (IOException timeout) {
      // nothing yet
    }
    return RECEIVED.toString();
  }
}
