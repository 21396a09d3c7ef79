package dev.weft.agent.control;

import dev.weft.agent.identity.ChannelSecurity;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host certificate's renewal over the agent session (issue 12): {@code renew} when two thirds of its lifetime
 * have passed or the coordinator asks ({@code renew-now}, a CA rotation), one at a time, at most one attempt per
 * {@link #RETRY}; the renewed certificate goes into the client's TLS options for the next connection. Runs on the
 * control client's context only, like the session it belongs to.
 */
final class CertificateRenewal {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewal.class);
  /** How long after a renewal, or a failed attempt, the next attempt waits. */
  private static final Duration RETRY = Duration.ofMinutes(10);

  private final Vertx vertx;
  private final ChannelSecurity security;
  private final WebSocketClient client;
  private final Duration requestTimeout;
  private final Supplier<String> requestIds;
  private final Consumer<ToCoordinator> write;
  private final BooleanSupplier welcomed;
  private final Clock clock;
  /** The renewal in flight, or null; its answer timer; when the next may start. */
  private String renewalId;
  private long timer = -1;
  private long nextMillis;
  /** The coordinator asked for a renewal now, until one succeeds. */
  private boolean requested;

  /**
   * @param requestIds a fresh request id per call
   * @param write      sends a message on the current session (nothing when there is none)
   * @param welcomed   whether the session is welcomed now
   * @param clock      when an attempt may follow the last one ({@link #RETRY})
   */
  CertificateRenewal(Vertx vertx, ChannelSecurity security, WebSocketClient client, Duration requestTimeout,
                     Supplier<String> requestIds, Consumer<ToCoordinator> write, BooleanSupplier welcomed,
                     Clock clock) {
    this.vertx = vertx;
    this.security = security;
    this.client = client;
    this.requestTimeout = requestTimeout;
    this.requestIds = requestIds;
    this.write = write;
    this.welcomed = welcomed;
    this.clock = clock;
    this.nextMillis = clock.millis();
  }

  /** Sends {@code renew} when the certificate is due; called at the welcome and with every heartbeat. */
  void maybeRenew(URI uri) {
    if (renewalId != null || !welcomed.getAsBoolean() || clock.millis() < nextMillis
        || !((requested && security.renews()) || security.renewalDue())) {
      return;
    }
    String id = "renew-" + requestIds.get();
    renewalId = id;
    vertx.executeBlocking(() -> security.renewal(id), false).onComplete(ar -> {
      if (ar.failed() || !welcomed.getAsBoolean() || !id.equals(renewalId)) {
        failed(id, ar.failed() ? ar.cause().toString() : "connection closed");
        return;
      }
      LOG.info("renewing this host's certificate through coordinator {}", uri);
      write.accept(ar.result());
      timer = vertx.setTimer(requestTimeout.toMillis(), t -> {
        timer = -1;
        failed(id, "no answer in " + requestTimeout.toSeconds() + " s");
      });
    });
  }

  /** {@code renew-now}: renew at once, whatever the certificate's age. */
  void requested(URI uri, ToAgent.RenewNow now) {
    LOG.info("coordinator {} asks for a certificate renewal now: {}", uri, now.reason());
    if (!requested) {
      requested = true;
      nextMillis = clock.millis();
    }
    maybeRenew(uri);
  }

  void renewed(ToAgent.Renewed renewed) {
    String id = renewalId;
    if (id == null || !id.equals(renewed.requestId())) {
      return;
    }
    cancelTimer();
    vertx.executeBlocking(() -> security.renewed(renewed), false)
        .compose(options -> client.updateSSLOptions(options, true))
        .onComplete(ar -> {
          if (ar.failed()) {
            failed(id, ar.cause().getMessage());
          } else if (id.equals(renewalId)) {
            renewalId = null;
            requested = false;
            // a clock far ahead of the coordinator's would find even the new certificate due: not in a loop
            nextMillis = clock.millis() + RETRY.toMillis();
          }
        });
  }

  /** @return whether the error answers this renewal (then it is handled here) */
  boolean error(ToAgent.Error error) {
    if (error.requestId() == null || !error.requestId().equals(renewalId)) {
      return false;
    }
    failed(renewalId, error.code() + ": " + error.message());
    return true;
  }

  /** The session closed: a renewal asked and not answered is asked again on the next one. */
  void sessionClosed() {
    if (renewalId != null && timer >= 0) {
      // the coordinator still takes this certificate
      cancelTimer();
      renewalId = null;
    }
  }

  private void failed(String id, String why) {
    if (!id.equals(renewalId)) {
      return;
    }
    renewalId = null;
    cancelTimer();
    nextMillis = clock.millis() + RETRY.toMillis();
    LOG.warn("renewing this host's certificate failed ({}); trying again in {} min", why, RETRY.toMinutes());
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
