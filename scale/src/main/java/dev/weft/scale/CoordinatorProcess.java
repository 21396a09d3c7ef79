package dev.weft.scale;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A coordinator member as a child process (its own JVM), with what the bench reads of it: heap and CPU. */
final class CoordinatorProcess implements AutoCloseable {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private final List<String> command;
  private final Path log;
  private final int port;
  private final Path dataDir;
  private Process process;

  CoordinatorProcess(Path jar, Path dataDir, int port, List<String> jvmOptions, List<String> flags, Path log) {
    this.port = port;
    this.log = log;
    this.dataDir = dataDir;
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.addAll(jvmOptions);
    c.add("-jar");
    c.add(jar.toString());
    c.add("--listen");
    c.add("127.0.0.1:" + port);
    c.add("--data-dir");
    c.add(dataDir.toString());
    // Plain HTTP with the join token (issue 6): the bench measures distribution, not thousands of TLS handshakes
    // made by one simulator JVM; bench/README.md says so.
    c.add("--tls");
    c.add("false");
    c.addAll(flags);
    this.command = List.copyOf(c);
  }

  /** Starts it and waits until its port accepts connections; answers the milliseconds that took. */
  long start() throws IOException, InterruptedException {
    long begin = System.nanoTime();
    launch();
    awaitListening(begin);
    return (System.nanoTime() - begin) / 1_000_000;
  }

  /** Starts the process without waiting. */
  void launch() throws IOException {
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
    Files.writeString(log.resolveSibling(log.getFileName() + ".pid"), Long.toString(started.pid()));
  }

  /** Waits until its port accepts connections, at most 120 s after {@code begin} (nanoTime). */
  void awaitListening(long begin) throws InterruptedException {
    long deadline = begin + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("coordinator exited with " + process.exitValue() + "; see " + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("coordinator did not listen on " + port + " within 120 s; see " + log);
  }

  Path dataDir() {
    return dataDir;
  }

  long pid() {
    return process.pid();
  }

  /** Stops it (SIGTERM, then SIGKILL after 20 s). */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Heap in use after a full GC, in MiB (jcmd GC.run, then GC.heap_info). */
  double heapAfterGcMb() throws IOException, InterruptedException {
    jcmd("GC.run");
    Matcher m = USED.matcher(jcmd("GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : Double.NaN;
  }

  /** User plus system CPU seconds the process has used (/proc/PID/stat, clock ticks of 1/100 s). */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  String jcmd(String what) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid()), what).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
