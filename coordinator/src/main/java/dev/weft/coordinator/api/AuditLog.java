package dev.weft.coordinator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code audit.log} in the data dir (issue 6): one JSON line {@code {"time","actor","action","target","result"}} per
 * change asked through the API, appended and flushed on a thread of its own (never on the event loop).
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Clock clock;
  private final Writer out;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "weft-audit");
    thread.setDaemon(true);
    return thread;
  });

  public AuditLog(Path dataDir, Clock clock) {
    this.clock = clock;
    Path file = dataDir.resolve("audit.log");
    try {
      if (!Files.exists(file)) {
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // appended to below
        }
      }
      out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  /** Appends one line later, off the caller's thread. */
  public void record(String actor, String action, String target, String result) {
    Map<String, String> line = new LinkedHashMap<>();
    line.put("time", clock.instant().toString());
    line.put("actor", actor);
    line.put("action", action);
    line.put("target", target);
    line.put("result", result);
    try {
      writer.execute(() -> {
        try {
          out.write(JSON.writeValueAsString(line) + "\n");
          out.flush();
        } catch (IOException e) {
          LOG.error("cannot append to audit.log: {} (lost: {})", e.toString(), line);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      LOG.warn("audit log closed; not recorded: {}", line);
    }
  }

  /** Writes what is queued, then closes the file. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
      out.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("closing audit.log: {}", e.toString());
    }
  }
}
