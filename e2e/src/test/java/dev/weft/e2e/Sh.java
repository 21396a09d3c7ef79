package dev.weft.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs commands with a deadline and captures their output. */
final class Sh {
  private Sh() {
  }

  record Result(List<String> cmd, int exit, String out, String err) {
    boolean ok() {
      return exit == 0;
    }

    String text() {
      return out.trim();
    }

    Result orThrow() {
      if (exit != 0) {
        throw new AssertionError("command failed (exit " + exit + "): " + String.join(" ", cmd)
            + "\nstdout: " + out.strip() + "\nstderr: " + err.strip());
      }
      return this;
    }
  }

  static Result run(Duration timeout, String... cmd) {
    return run(timeout, Arrays.asList(cmd));
  }

  static Result run(Duration timeout, List<String> cmd) {
    File out = null;
    File err = null;
    try {
      out = File.createTempFile("weft-e2e-", ".out");
      err = File.createTempFile("weft-e2e-", ".err");
      Process p = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        return new Result(cmd, 124, read(out), read(err) + "\n(timed out after " + timeout.toSeconds() + "s)");
      }
      return new Result(cmd, p.exitValue(), read(out), read(err));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + cmd, e);
    } finally {
      if (out != null) {
        out.delete();
      }
      if (err != null) {
        err.delete();
      }
    }
  }

  static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(Arrays.asList(tail));
    return all;
  }

  private static String read(File f) throws IOException {
    return Files.readString(Path.of(f.getPath()), StandardCharsets.UTF_8);
  }
}
