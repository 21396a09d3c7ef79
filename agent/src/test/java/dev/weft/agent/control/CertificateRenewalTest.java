package dev.weft.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.identity.ChannelSecurity;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The renewal's pacing on a clock the test moves: after a failed attempt, the next waits ten minutes. */
class CertificateRenewalTest {
  private static final URI COORDINATOR = URI.create("https://127.0.0.1:1");
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aFailedAttemptIsRetriedOnlyAfterTenMinutesOfTheClock() throws Exception {
    Settable clock = new Settable();
    AtomicInteger attempts = new AtomicInteger();
    BlockingQueue<ToCoordinator> written = new LinkedBlockingQueue<>();
    CertificateRenewal renewal = onContext(() -> new CertificateRenewal(vertx, due(), vertx.createWebSocketClient(),
        Duration.ofSeconds(10), () -> Integer.toString(attempts.incrementAndGet()), written::add, () -> true, clock));

    onContext(() -> {
      renewal.maybeRenew(COORDINATOR);
      return null;
    });
    ToCoordinator.Renew first = (ToCoordinator.Renew) written.poll(10, TimeUnit.SECONDS);
    assertThat(first.requestId()).isEqualTo("renew-1");
    assertThat(onContext(() -> renewal.error(new ToAgent.Error(first.requestId(), "unavailable", "retry"))))
        .isTrue();

    clock.now = clock.now.plus(Duration.ofMinutes(9));
    onContext(() -> {
      renewal.maybeRenew(COORDINATOR);
      return null;
    });
    assertThat(attempts).hasValue(1);

    clock.now = clock.now.plus(Duration.ofMinutes(1).plusMillis(1));
    onContext(() -> {
      renewal.maybeRenew(COORDINATOR);
      return null;
    });
    assertThat(attempts).hasValue(2);
    assertThat(((ToCoordinator.Renew) written.poll(10, TimeUnit.SECONDS)).requestId()).isEqualTo("renew-2");
  }

  private <T> T onContext(Supplier<T> work) throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        done.complete(work.get());
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    return done.get(10, TimeUnit.SECONDS);
  }

  /** A certificate always due, whose renew request carries a fixed key. */
  private static ChannelSecurity due() {
    return new ChannelSecurity() {
      @Override
      public void configure(WebSocketClientOptions options) {
      }

      @Override
      public void decorate(WebSocketConnectOptions options) {
      }

      @Override
      public boolean renewalDue() {
        return true;
      }

      @Override
      public ToCoordinator.Renew renewal(String requestId) {
        return new ToCoordinator.Renew(requestId, "key");
      }
    };
  }

  /** A clock the test moves. */
  private static final class Settable extends Clock {
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
