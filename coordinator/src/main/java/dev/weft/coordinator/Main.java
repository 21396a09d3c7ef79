package dev.weft.coordinator;

import dev.weft.coordinator.config.ConfigException;
import dev.weft.coordinator.config.ConfigParser;
import dev.weft.coordinator.config.CoordinatorConfig;
import dev.weft.coordinator.swarm.SwarmFlag;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar weft-coordinator.jar [flags]}: parse flags, start, run until SIGTERM/SIGINT. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) throws InterruptedException {
    List<String> arguments = List.of(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.print(ConfigParser.usage() + SwarmFlag.usage());
      return;
    }
    CoordinatorConfig config;
    SwarmFlag swarm;
    try {
      swarm = SwarmFlag.split(arguments, System.getenv());
      config = ConfigParser.parse(swarm.rest(), System.getenv());
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("weft-coordinator: " + e.getMessage());
      System.err.print(ConfigParser.usage() + SwarmFlag.usage());
      System.exit(2);
      return;
    }
    Coordinator coordinator;
    try {
      coordinator = Coordinator.start(config, java.time.Clock.systemUTC(), swarm.manager());
    } catch (RuntimeException e) {
      System.err.println("weft-coordinator: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      coordinator.close();
      stopped.countDown();
    }, "weft-shutdown"));
    System.out.println("weft-coordinator: listening on " + config.listenHost() + ":" + coordinator.httpPort()
        + ", admin token in " + config.dataDir().resolve("admin-token"));
    stopped.await();
  }
}
