package dev.weft.agent.dataplane.linux;

import dev.weft.agent.dataplane.DataPlaneException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** {@link CommandRunner} on {@link ProcessBuilder}: argument lists, no shell, a timeout, stdout and stderr kept. */
public final class ProcessCommandRunner implements CommandRunner {
  private final Duration timeout;

  public ProcessCommandRunner(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: a positive duration)");
    }
    this.timeout = timeout;
  }

  @Override
  public CommandResult run(List<String> argv, String stdin) {
    Process process;
    try {
      process = new ProcessBuilder(argv).start();
    } catch (IOException e) {
      throw new DataPlaneException(String.join(" ", argv) + " could not start: " + e.getMessage(), e);
    }
    // Read both streams concurrently so that a chatty process never blocks on a full pipe.
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null && !stdin.isEmpty()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // The process exited before reading all its input; its exit status and stderr say why.
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new DataPlaneException(String.join(" ", argv) + " timed out after " + timeout.toMillis() + " ms");
      }
      return new CommandResult(argv, process.exitValue(), out.get(), err.get());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new DataPlaneException(String.join(" ", argv) + " interrupted", e);
    } catch (ExecutionException e) {
      throw new DataPlaneException(String.join(" ", argv) + " output could not be read", e.getCause());
    }
  }

  private static String drain(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
