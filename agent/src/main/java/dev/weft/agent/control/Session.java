package dev.weft.agent.control;

import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import dev.weft.common.wire.WireCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import java.net.URI;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open agent channel: sends {@code register}, gives up when no welcome comes in time, then heartbeats and pings,
 * and gives up on a coordinator silent for three heartbeats. It ends once, with a reason, whichever side ends it
 * (except {@link #close}, which ends it quietly). Context only.
 */
final class Session {
  private static final Logger LOG = LoggerFactory.getLogger(Session.class);

  /** What the session reports, on the context. */
  interface Events {
    void message(Session session, ToAgent message);

    /** The session is over (closed by the coordinator, silent, no welcome); {@code reason} may be null. */
    void ended(Session session, String reason);
  }

  private final Vertx vertx;
  private final URI uri;
  private final WebSocket socket;
  private final ControlTiming timing;
  private final Function<String, ToAgent> decoder;
  private final WireCodec codec;
  private final Events events;
  private long welcomeTimer = -1;
  private long heartbeatTimer = -1;
  private long lastHeard = System.nanoTime();
  private boolean over;

  Session(Vertx vertx, URI uri, WebSocket socket, ControlTiming timing, Function<String, ToAgent> decoder,
          WireCodec codec, Events events) {
    this.vertx = vertx;
    this.uri = uri;
    this.socket = socket;
    this.timing = timing;
    this.decoder = decoder;
    this.codec = codec;
    this.events = events;
  }

  URI uri() {
    return uri;
  }

  /** Listens, sends {@code register}, and waits the request timeout for the welcome. */
  void register(ToCoordinator.Register register) {
    socket.textMessageHandler(text -> {
      if (!over) {
        lastHeard = System.nanoTime();
        receive(text);
      }
    });
    socket.pongHandler(b -> lastHeard = System.nanoTime());
    socket.exceptionHandler(e -> LOG.debug("agent channel to {}: {}", uri, e.toString()));
    socket.closeHandler(v -> end(socket.closeReason()));
    write(register);
    welcomeTimer = vertx.setTimer(timing.requestTimeout().toMillis(), t -> {
      welcomeTimer = -1;
      LOG.warn("coordinator {} sent no welcome in {} s; trying the next one", uri, timing.requestTimeout().toSeconds());
      socket.close();
      end("no welcome");
    });
  }

  /** The welcome came: heartbeat every third of {@code heartbeatSeconds}, then run {@code afterBeat}. */
  void welcomed(int heartbeatSeconds, Runnable afterBeat) {
    cancelTimers();
    long unit = timing.heartbeatUnit().toMillis();
    long every = Math.max(unit / 5, heartbeatSeconds * unit / 3);
    long silenceLimit = heartbeatSeconds * 3 * unit;
    heartbeatTimer = vertx.setPeriodic(Math.max(1, every), t -> {
      long silentMs = (System.nanoTime() - lastHeard) / 1_000_000;
      if (silentMs > silenceLimit) {
        LOG.warn("coordinator {} silent for {} ms; reconnecting", uri, silentMs);
        socket.close();
        end("silent");
        return;
      }
      write(new ToCoordinator.Heartbeat());
      socket.writePing(Buffer.buffer("weft"));
      afterBeat.run();
    });
  }

  void write(ToCoordinator message) {
    if (!over) {
      socket.writeTextMessage(codec.encode(message)).onFailure(e ->
          LOG.debug("write to coordinator failed: {}", e.toString()));
    }
  }

  /** Ends the session without reporting it; the socket is the caller's to close. */
  WebSocket close() {
    over = true;
    cancelTimers();
    return socket;
  }

  private void receive(String text) {
    ToAgent message;
    try {
      message = decoder.apply(text);
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring a message from {}: {}", uri, e.getMessage());
      return;
    }
    events.message(this, message);
  }

  private void end(String reason) {
    if (over) {
      return;
    }
    over = true;
    cancelTimers();
    events.ended(this, reason);
  }

  private void cancelTimers() {
    if (welcomeTimer >= 0) {
      vertx.cancelTimer(welcomeTimer);
      welcomeTimer = -1;
    }
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
  }
}
