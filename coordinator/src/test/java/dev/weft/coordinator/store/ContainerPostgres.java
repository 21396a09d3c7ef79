package dev.weft.coordinator.store;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A PostgreSQL 15 in a container (Testcontainers) of the tests' own dockerd, on {@code 127.0.0.1:PORT} with host
 * networking, role and database weft/weft. The image {@code weft-test/postgres:15} is made on this machine from its
 * Debian PostgreSQL by {@code src/test/pg-image/build.sh} (no registry is reachable, nothing is ever pulled); the
 * dockerd by {@code src/test/pg-image/dockerd.sh}. Under CI=true a missing prerequisite fails, elsewhere it skips.
 * The data dir lives in the container, so it survives {@link #stop}/{@link #kill} and {@link #startAgain}.
 */
public final class ContainerPostgres implements AutoCloseable {
  private static final Path SCRIPTS = Path.of("src", "test", "pg-image");
  private static final Duration READY = Duration.ofSeconds(60);
  private static volatile ContainerPostgres shared;
  private static String sharedUrl;
  private static boolean exitHook;

  private final GenericContainer<?> container;
  private final int port;

  private ContainerPostgres(GenericContainer<?> container, int port) {
    this.container = container;
    this.port = port;
  }

  /**
   * The PostgreSQL the store and cluster tests share in this JVM, as a URL
   * {@code postgresql://weft:weft@HOST:PORT/weft}:
   * the one of {@code WEFT_TEST_PG} when that is set (someone's own PostgreSQL; a failure to reach it fails under
   * CI=true and skips elsewhere), else one container started on first use and removed when the JVM exits.
   */
  public static synchronized String shared() {
    if (sharedUrl != null) {
      return sharedUrl;
    }
    String override = System.getenv("WEFT_TEST_PG");
    if (override != null && !override.isBlank()) {
      try (Connection c = connect(override)) {
        sharedUrl = override;
        return sharedUrl;
      } catch (SQLException e) {
        missing("no PostgreSQL at WEFT_TEST_PG=" + override + ": " + e.getMessage());
      }
    }
    shared = start();
    sharedUrl = shared.url();
    return sharedUrl;
  }

  /** A container of its own (a test that stops it), started and answering; close it when done. */
  public static ContainerPostgres start() {
    String dockerHost = startDockerd();
    String image = run(List.of(SCRIPTS.resolve("build.sh").toString()), dockerHost).trim();
    int port = freePort();
    GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
        .withImagePullPolicy(name -> false)
        .withNetworkMode("host")
        .withEnv("PGPORT", Integer.toString(port))
        .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\n", 1)
            .withStartupTimeout(READY));
    try {
      container.start();
    } catch (RuntimeException e) {
      missing("cannot start " + image + " on " + dockerHost + ": " + e);
    }
    ContainerPostgres pg = new ContainerPostgres(container, port);
    pg.awaitAnswering();
    return pg;
  }

  /** {@code postgresql://weft:weft@127.0.0.1:PORT/weft}, a {@code --store} URL. */
  public String url() {
    return "postgresql://weft:weft@127.0.0.1:" + port + "/weft";
  }

  /** The database dies at once (SIGKILL): connections reset, new ones refused. */
  public void kill() {
    docker().killContainerCmd(container.getContainerId()).exec();
    awaitRunning(false);
  }

  /** The database shuts down (fast shutdown: clients are told, then connections are refused). */
  public void stop() {
    docker().stopContainerCmd(container.getContainerId()).withTimeout(20).exec();
    awaitRunning(false);
  }

  /** The database hangs: its processes are frozen, connections stay open and nothing answers. */
  public void pause() {
    docker().pauseContainerCmd(container.getContainerId()).exec();
  }

  public void unpause() {
    docker().unpauseContainerCmd(container.getContainerId()).exec();
    awaitAnswering();
  }

  /** Starts the stopped or killed container again, on the same port and data, and waits until it answers. */
  public void startAgain() {
    docker().startContainerCmd(container.getContainerId()).exec();
    awaitAnswering();
  }

  private DockerClient docker() {
    return container.getDockerClient();
  }

  private void awaitRunning(boolean running) {
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      Boolean state = docker().inspectContainerCmd(container.getContainerId()).exec().getState().getRunning();
      if (Boolean.valueOf(running).equals(state)) {
        return;
      }
      sleep(100);
    }
    throw new IllegalStateException("container " + container.getContainerId() + " not running=" + running
        + " within " + READY);
  }

  private void awaitAnswering() {
    long deadline = System.nanoTime() + READY.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      try (Connection c = connect(url())) {
        c.createStatement().execute("SELECT 1");
        return;
      } catch (SQLException e) {
        last = e;
        sleep(200);
      }
    }
    throw new IllegalStateException("PostgreSQL of " + container.getContainerId() + " not answering on port " + port
        + " within " + READY + ": " + (last == null ? "" : last.getMessage()) + "\n" + container.getLogs());
  }

  @Override
  public void close() {
    try {
      container.stop();
    } catch (RuntimeException e) {
      // dockerd gone already (test.sh's cleanup stops it too)
    }
  }

  /** A JDBC connection to a {@code postgresql://USER:PASS@HOST:PORT/DB[?query]} URL, 5 s to connect. */
  public static Connection connect(String url) throws SQLException {
    URI uri = URI.create(url);
    String[] user = uri.getUserInfo().split(":", 2);
    return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath()
        + "?connectTimeout=5&socketTimeout=30" + (uri.getQuery() == null ? "" : "&" + uri.getQuery()), user[0],
        user.length > 1 ? user[1] : "");
  }

  /**
   * Starts the tests' dockerd unless it runs, and once per JVM arranges that at exit the shared container goes and
   * the dockerd stops if no container of another test run is left on it (test.sh stops it in any case).
   */
  private static synchronized String startDockerd() {
    if (!exitHook) {
      exitHook = true;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        if (shared != null) {
          shared.close();
        }
        stopIdleDockerd();
      }, "container-postgres-stop"));
    }
    if (!Files.isExecutable(SCRIPTS.resolve("dockerd.sh"))) {
      missing(SCRIPTS.resolve("dockerd.sh").toAbsolutePath()
          + " not found (run the tests from the coordinator module)");
    }
    return run(List.of(SCRIPTS.resolve("dockerd.sh").toString(), "start"), null).trim();
  }

  private static void stopIdleDockerd() {
    try {
      Process p = new ProcessBuilder(SCRIPTS.resolve("dockerd.sh").toString(), "stop-idle")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.waitFor(60, TimeUnit.SECONDS);
    } catch (IOException e) {
      // nothing to stop
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs a script of src/test/pg-image; its failure (no root, dockerd or PostgreSQL 15) is a missing prerequisite. */
  private static String run(List<String> command, String dockerHost) {
    try {
      ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
      if (dockerHost != null) {
        b.environment().put("DOCKER_HOST", dockerHost);
      }
      Process p = b.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        missing(String.join(" ", command) + " failed:\n" + out);
      }
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    } catch (IOException e) {
      missing(String.join(" ", command) + ": " + e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Under CI=true a missing prerequisite fails the test; elsewhere it skips it. */
  private static void missing(String why) {
    String text = why + " (the store tests need root, dockerd (docker.io) and PostgreSQL 15 (postgresql-15), as "
        + ".ci/run installs them; or set WEFT_TEST_PG to a PostgreSQL of your own)";
    if ("true".equals(System.getenv("CI"))) {
      fail(text);
    }
    Assumptions.abort(text);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
