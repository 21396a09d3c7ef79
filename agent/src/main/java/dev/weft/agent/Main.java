package dev.weft.agent;

import dev.weft.agent.config.AgentConfig;
import dev.weft.agent.dataplane.DataPlane;
import dev.weft.agent.dataplane.LinuxDataPlane;
import dev.weft.agent.wireguard.WireGuardKeys;
import dev.weft.agent.wireguard.WireGuardKind;
import dev.weft.agent.wireguard.WireGuardProbe;
import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent process: parses flags and wires everything, in this one place. */
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
    StateStore store = new StateStore(config.stateDir());
    DataPlane dataPlane = new LinuxDataPlane(hostPrefix(config.hostId()));

    if (config.cleanup()) {
      log.info("removing everything Weft made on this host (host {})", config.hostId());
      try {
        dataPlane.removeAll();
      } catch (RuntimeException e) {
        System.err.println("weft-agent: cleanup failed: " + e.getMessage());
        System.exit(1);
        return;
      }
      store.deleteAll(LocalIpam.FILE, Reconciler.CATALOG_FILE, Reconciler.TABLES_FILE, Reconciler.SERVICES_FILE,
          Reconciler.KEYS_FILE);
      log.info("done");
      return;
    }

    try {
      store.probe();
    } catch (java.io.UncheckedIOException e) {
      System.err.println("weft-agent: --state-dir: " + e.getMessage());
      System.exit(1);
      return;
    }
    DockerWatcher docker = new DockerWatcher(config.dockerHost());
    HostInventory inventory = new HostInventory(config.hostId(), config.underlayInterface(),
        config.underlayAddress(), docker::engineInfo);
    LocalIpam ipam = new LocalIpam(store, config.hostId());
    TableBook book = Reconciler.loadTables(store);
    ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "weft-reconciler");
      t.setDaemon(false);
      return t;
    });
    Reconciler reconciler = new Reconciler(config, inventory, docker, dataPlane, ipam, book, store, loop);
    reconciler.wireGuard(wireGuard(config, log));
    dev.weft.agent.dns.DnsResponder dns = new dev.weft.agent.dns.DnsResponder(
        name -> dev.weft.agent.dns.WeftNames.parse(name)
            .map(n -> dev.weft.agent.dns.WeftNames.addresses(n, book.tables()))
            .filter(ips -> !ips.isEmpty()),
        () -> dev.weft.agent.dns.ContainerDns.hostResolvers(java.nio.file.Path.of("/etc/resolv.conf")));
    dev.weft.agent.dns.ContainerDns containerDns = new dev.weft.agent.dns.ContainerDns(dns,
        java.nio.file.Path.of("/proc"), 53);
    reconciler.onTasksAttached(containerDns::update);
    dev.weft.agent.identity.ChannelSecurity security;
    if (config.tls()) {
      try {
        security = dev.weft.agent.identity.ChannelSecurity.mutualTls(Identity.credential(config),
            new dev.weft.agent.identity.CredentialStore(config.stateDir()), java.time.Clock.systemUTC());
      } catch (dev.weft.agent.identity.Joiner.JoinRefused | java.io.IOException e) {
        log.error("cannot join: {}", e.getMessage());
        System.err.println("weft-agent: cannot join: " + e.getMessage());
        System.exit(1);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    } else {
      log.warn("TLS is OFF (--tls=false): the coordinator is not verified and the join token travels in clear text; "
          + "for local development only");
      security = dev.weft.agent.identity.ChannelSecurity.bearer(config.joinToken());
    }
    Vertx vertx = Vertx.vertx();
    ControlClient client = new ControlClient(vertx, config.coordinators(), security, book, reconciler,
        reconciler, ControlClient.Timing.DEFAULT);

    log.info("weft-agent {} host {} coordinators {} state {}", HostInventory.AGENT_VERSION, config.hostId(),
        config.coordinators(), config.stateDir());
    try {
      reconciler.start(client).get(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      log.warn("first reconcile did not finish: {}", e.toString());
    }
    client.start();

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // Leave the kernel as it is: a restarted agent picks up where this one stopped, and traffic keeps flowing.
      log.info("stopping; the data plane stays in place");
      try {
        client.stop().toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
      reconciler.flush(3000);
      loop.shutdownNow();
      docker.close();
      dns.close();
      vertx.close();
    }, "weft-shutdown"));
  }

  /**
   * Finds this host's WireGuard and its key pair (issue 6), or null, saying why, when it has none: then containers
   * are refused encrypted networks, loudly.
   */
  private static WireGuardIdentity wireGuard(AgentConfig config, Logger log) {
    WireGuardKind kind = WireGuardProbe.local().detect();
    if (kind == WireGuardKind.NONE) {
      log.warn("no WireGuard on this host (no kernel module, no wireguard-go and wg on the PATH): containers will be "
          + "refused encrypted networks");
      return null;
    }
    WireGuardKeys keys = WireGuardKeys.loadOrCreate(config.stateDir(), new java.security.SecureRandom());
    log.info("WireGuard: {}, public key {}, port {}", kind.wireName(), keys.publicKey(), config.wireguardPort());
    return new WireGuardIdentity(kind.wireName(), config.wireguardPort(), keys.publicKey(),
        keys.privateKeyFile().toString());
  }

  /** The data plane's name prefix for this host: the host id, lower-cased, in [a-z0-9-], at most 32 characters. */
  static String hostPrefix(String hostId) {
    String p = hostId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+", "");
    if (p.isEmpty()) {
      p = "h" + Integer.toHexString(hostId.hashCode());
    }
    return p.length() > 32 ? p.substring(0, 32) : p;
  }

}
