package dev.weft.agent;

import dev.weft.agent.config.AgentConfig;

import dev.weft.agent.identity.Joiner;
import dev.weft.agent.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent process: parses flags, has {@link Agent} wire this host's agent, starts it and stops it on exit. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.log.com.github.dockerjava", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.hc", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.netty", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.vertx", "warn");
    AgentConfig config;
    try {
      config = AgentConfig.parse(args, System.getenv());
    } catch (AgentConfig.HelpRequested e) {
      System.out.print(AgentConfig.usage());
      return;
    } catch (AgentConfig.ConfigException e) {
      System.err.println("weft-agent: " + e.getMessage());
      System.exit(2);
      return;
    }
    Logger log = LoggerFactory.getLogger(Main.class);
    if (config.cleanup()) {
      log.info("removing everything Weft made on this host (host {})", config.hostId());
      try {
        Agent.cleanup(config);
      } catch (RuntimeException e) {
        System.err.println("weft-agent: cleanup failed: " + e.getMessage());
        System.exit(1);
        return;
      }
      log.info("done");
      return;
    }
    try {
      new StateStore(config.stateDir()).probe();
    } catch (UncheckedIOException e) {
      System.err.println("weft-agent: --state-dir: " + e.getMessage());
      System.exit(1);
      return;
    }
    Agent agent;
    try {
      agent = Agent.onThisHost(config);
    } catch (Joiner.JoinRefused | IOException e) {
      log.error("cannot join: {}", e.getMessage());
      System.err.println("weft-agent: cannot join: " + e.getMessage());
      System.exit(1);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    agent.start();
    Runtime.getRuntime().addShutdownHook(new Thread(agent::stop, "weft-shutdown"));
  }

  /** The data plane's name prefix for this host: see {@link Agent#hostPrefix}. */
  static String hostPrefix(String hostId) {
    return Agent.hostPrefix(hostId);
  }
}
