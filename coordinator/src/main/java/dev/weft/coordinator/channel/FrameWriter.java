package dev.weft.coordinator.channel;

import dev.weft.coordinator.distribution.Outgoing;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes text frames to one agent's socket from any thread, counting the bytes handed to the socket and not yet
 * written; an agent that falls too far behind is closed (it reconnects and resumes from snapshots).
 */
final class FrameWriter {
  private static final Logger LOG = LoggerFactory.getLogger(FrameWriter.class);
  /**
   * How far an agent may fall behind, in bytes sent and not yet written to its socket, before it counts as too slow.
   * {@code writeQueueFull()} was the test before: in Vert.x 5 it turns true after a handful of messages queued from
   * another thread (the distribution thread writes to every socket) or 64 KiB, less than one snapshot of a network
   * with a few thousand endpoints; with 1,000 agents it cut off 4,256 healthy connections during setup, each of which
   * then came back and asked for everything again (issue 8).
   */
  static final long WRITE_QUEUE_MAX_BYTES = 16L << 20;

  private final ServerWebSocket socket;
  private final Supplier<String> hostId;
  /** Characters (bytes: the JSON is ASCII but for names) handed to the socket and not yet written. */
  private final AtomicLong pending = new AtomicLong();
  private volatile boolean tooSlow;

  /** @param hostId the host for log lines; null before registration */
  FrameWriter(ServerWebSocket socket, Supplier<String> hostId) {
    this.socket = socket;
    this.hostId = hostId;
  }

  void send(String text) {
    write(text.length(), () -> socket.writeTextMessage(text));
  }

  /** The shared bytes, not a copy of them: see {@link SharedTextFrame}. */
  void send(Outgoing message) {
    write(message.utf8().length, () -> socket.writeFrame(SharedTextFrame.of(message.utf8())));
  }

  private void write(int size, Supplier<Future<Void>> write) {
    if (socket.isClosed()) {
      return;
    }
    if (pending.addAndGet(size) > WRITE_QUEUE_MAX_BYTES) {
      pending.addAndGet(-size);
      // A reader this slow would miss deltas; closing makes it reconnect and resume from snapshots.
      if (!tooSlow) {
        tooSlow = true;
        LOG.warn("agent {} does not keep up ({} bytes not yet written); closing its connection", hostId.get(),
            pending.get());
        socket.close((short) 1008, "too slow");
      }
      return;
    }
    write.get().onComplete(done -> pending.addAndGet(-size));
  }
}
