package dev.weft.coordinator.api;

import dev.weft.coordinator.metrics.Counters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * {@code audit.log} in the data dir (issue 6): one JSON line {@code {"time","actor","action","target","result",
 * "remote"}} per change asked through the API and per refused request, appended on a thread of its own (never on the
 * event loop).
 *
 * <p>It takes any input and never stops (issue 12). Each line is built whole as bytes before it is written, and is
 * plain ASCII: every character outside printable ASCII is written as a JSON {@code \\uXXXX} escape, so a lone
 * surrogate in a host id is a valid escape in a valid line and never an encoder error. Each value is cut to
 * {@value #MAX_FIELD} characters. When a write fails anyway (disk full, file removed), the error is logged, the file is
 * opened again and the line written once more; a line that still cannot be written is counted in
 * {@code weft_audit_failures_total}, and the next record tries again.
 */
public final class AuditLog implements AutoCloseable {
  /** Longest value written; longer ones are cut and end in {@code …}. */
  public static final int MAX_FIELD = 128;
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private final Clock clock;
  private final Counters counters;
  private final Path file;
  private FileChannel out;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "weft-audit");
    thread.setDaemon(true);
    return thread;
  });

  public AuditLog(Path dataDir, Clock clock) {
    this(dataDir, clock, new Counters());
  }

  /** @throws UncheckedIOException when {@code audit.log} cannot be opened at start */
  public AuditLog(Path dataDir, Clock clock, Counters counters) {
    this.clock = clock;
    this.counters = counters;
    this.file = dataDir.resolve("audit.log");
    try {
      out = open(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  /** Appends one line later, off the caller's thread, without the client's address. */
  public void record(String actor, String action, String target, String result) {
    record(actor, action, target, result, null);
  }

  /**
   * Appends one line later, off the caller's thread. Any value may be null (written as JSON null) and hold any
   * characters.
   *
   * @param remote the client's address, as the listener saw it
   */
  public void record(String actor, String action, String target, String result, String remote) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("time", clock.instant().toString());
    fields.put("actor", actor);
    fields.put("action", action);
    fields.put("target", target);
    fields.put("result", result);
    if (remote != null) {
      fields.put("remote", remote);
    }
    byte[] line = line(fields);
    try {
      writer.execute(() -> append(line));
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      LOG.warn("audit log closed; not recorded: {}", new String(line, StandardCharsets.US_ASCII).trim());
    }
  }

  /** One JSON object and a newline, ASCII only; values cut to {@link #MAX_FIELD} characters. */
  static byte[] line(Map<String, String> fields) {
    StringBuilder json = new StringBuilder(256).append('{');
    for (Map.Entry<String, String> field : fields.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      quote(json, field.getKey());
      json.append(':');
      if (field.getValue() == null) {
        json.append("null");
      } else {
        quote(json, cut(field.getValue()));
      }
    }
    return json.append("}\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  static String cut(String value) {
    if (value.length() <= MAX_FIELD) {
      return value;
    }
    int end = MAX_FIELD - 1;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // keep a pair whole
    }
    return value.substring(0, end) + "\u2026";
  }

  private static void quote(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7f) {
        json.append(c);
      } else {
        json.append(String.format("\\u%04x", (int) c));
      }
    }
    json.append('"');
  }

  private void append(byte[] line) {
    try {
      if (out == null) {
        out = open(file);
      }
      write(out, line);
      counters.auditRecorded();
      return;
    } catch (IOException e) {
      LOG.error("cannot append to audit.log ({}); opening it again", e.toString());
    }
    closeQuietly();
    try {
      out = open(file);
      write(out, endsLine() ? line : withNewlineFirst(line));
      counters.auditRecorded();
    } catch (IOException again) {
      closeQuietly();
      counters.auditFailed();
      LOG.error("audit record lost, cannot append to {}: {} (record: {})", file, again.toString(),
          new String(line, StandardCharsets.US_ASCII).trim());
    }
  }

  private static FileChannel open(Path file) throws IOException {
    if (!Files.exists(file)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // appended to below
      }
    }
    return FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  private static void write(FileChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Whether the file is empty or ends in a newline: after a failed write it may end in a fragment. */
  private boolean endsLine() {
    try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = read.size();
      if (size == 0) {
        return true;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      return read.read(last, size - 1) == 1 && last.get(0) == '\n';
    } catch (IOException e) {
      return true; // not readable (a device): nothing to repair
    }
  }

  private static byte[] withNewlineFirst(byte[] line) {
    byte[] bytes = new byte[line.length + 1];
    bytes[0] = '\n';
    System.arraycopy(line, 0, bytes, 1, line.length);
    return bytes;
  }

  private void closeQuietly() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        LOG.debug("closing audit.log: {}", e.toString());
      }
      out = null;
    }
  }

  /** Writes what is queued, then closes the file. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly();
  }
}
