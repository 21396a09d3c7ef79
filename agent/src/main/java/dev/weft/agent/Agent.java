package dev.weft.agent;

import dev.weft.agent.config.AgentConfig;

import dev.weft.common.sync.TableBook;

import dev.weft.agent.control.ControlClient;
import dev.weft.agent.control.ControlTiming;

import dev.weft.agent.dataplane.DataPlane;
import dev.weft.agent.dataplane.linux.CommandRunner;
import dev.weft.agent.dataplane.linux.LinuxDataPlane;
import dev.weft.agent.dns.ContainerDns;
import dev.weft.agent.dns.DnsResponder;
import dev.weft.agent.dns.WeftNames;
import dev.weft.agent.docker.ContainerSource;
import dev.weft.agent.docker.DockerNetworkSync;
import dev.weft.agent.docker.DockerWatcher;
import dev.weft.agent.host.HostFacts;
import dev.weft.agent.host.HostInventory;
import dev.weft.agent.identity.ChannelSecurity;
import dev.weft.agent.identity.CredentialStore;
import dev.weft.agent.identity.Identity;
import dev.weft.agent.identity.Joiner;
import dev.weft.agent.ipam.LocalIpam;
import dev.weft.agent.plugin.DriverEndpoints;
import dev.weft.agent.plugin.IpamDriver;
import dev.weft.agent.plugin.NetworkDriver;
import dev.weft.agent.plugin.PluginServer;
import dev.weft.agent.plugin.StaleEndpoints;
import dev.weft.agent.reconcile.Reconciler;
import dev.weft.agent.state.StateFiles;
import dev.weft.agent.state.StateStore;
import dev.weft.agent.wireguard.WireGuardIdentity;
import dev.weft.agent.wireguard.WireGuardKeys;
import dev.weft.agent.wireguard.WireGuardKind;
import dev.weft.agent.dataplane.linux.WireGuardDevice;
import dev.weft.agent.dataplane.linux.WireGuardProbe;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's objects, wired in this one place: {@link Main} wires them for this host ({@link #onThisHost}), tests
 * with fakes for the host, Docker and the kernel ({@link #create}).
 */
public final class Agent {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /**
   * What differs between this host and a test.
   *
   * @param wireGuard this host's WireGuard (issue 6), or null when it has none
   * @param security  how the coordinator and this host prove who they are
   */
  public record Parts(Clock clock, HostFacts host, ContainerSource docker, DataPlane dataPlane,
                      WireGuardIdentity wireGuard, ChannelSecurity security, ControlTiming timing) {
  }

  private final AgentConfig config;
  private final ContainerSource docker;
  private final ScheduledExecutorService loop;
  private final Reconciler reconciler;
  private final DnsResponder dns;
  private final Vertx vertx;
  private final ControlClient client;
  /** The Docker driver (issue 14); null with {@code --plugin-socket off}. */
  private final PluginServer plugin;
  private final StaleEndpoints stale;

  private Agent(AgentConfig config, Parts parts) {
    this.config = config;
    this.docker = parts.docker();
    StateStore store = new StateStore(config.stateDir());
    StateFiles files = new StateFiles(store);
    LocalIpam ipam = new LocalIpam(store, config.hostId());
    DriverEndpoints driverEndpoints = new DriverEndpoints(store);
    TableBook book = files.loadTables();
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "weft-reconciler");
      t.setDaemon(false);
      return t;
    });
    this.reconciler = new Reconciler(config, parts.host(), docker, parts.dataPlane(), ipam, driverEndpoints, book,
        files, loop, parts.clock());
    reconciler.wireGuard(parts.wireGuard());
    this.dns = new DnsResponder(
        name -> WeftNames.parse(name).map(n -> WeftNames.addresses(n, book.tables())).filter(ips -> !ips.isEmpty()),
        () -> ContainerDns.hostResolvers(Path.of("/etc/resolv.conf")), parts.clock());
    ContainerDns containerDns = new ContainerDns(dns, Path.of("/proc"), 53);
    reconciler.onTasksAttached(containerDns::update);
    this.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    this.plugin = config.pluginSocket() == null ? null : new PluginServer(vertx, config.pluginSocket(),
        new NetworkDriver(reconciler.driverHost(), ipam, driverEndpoints),
        new IpamDriver(reconciler.driverHost(), ipam));
    this.stale = new StaleEndpoints(driverEndpoints, ipam, reconciler.driverHost(), parts.clock());
    this.client = new ControlClient(vertx, config.coordinators(), parts.security(), book, reconciler, reconciler,
        parts.timing());
  }

  /** Wires an agent from {@code parts}; nothing runs until {@link #start}. */
  public static Agent create(AgentConfig config, Parts parts) {
    return new Agent(config, parts);
  }

  /**
   * Wires the agent of this host: Docker, the Linux data plane, this host's WireGuard, and its certificate (joining
   * the cluster first when it has none; blocks while it joins).
   *
   * @throws Joiner.JoinRefused when the coordinator refuses the join
   */
  public static Agent onThisHost(AgentConfig config) throws Joiner.JoinRefused, IOException, InterruptedException {
    DockerWatcher docker = new DockerWatcher(config.dockerHost());
    HostInventory inventory = new HostInventory(config.hostId(), config.underlayInterface(),
        config.underlayAddress(), docker::engineInfo);
    WireGuardIdentity wireGuard = wireGuard(config);
    Clock clock = Clock.systemUTC();
    ChannelSecurity security;
    if (config.tls()) {
      security = ChannelSecurity.mutualTls(Identity.credential(config, clock),
          new CredentialStore(config.stateDir()), clock);
    } else {
      LOG.warn("TLS is OFF (--tls=false): the coordinator is not verified and the join token travels in clear text; "
          + "for local development only");
      security = ChannelSecurity.bearer(config.joinToken());
    }
    return create(config, new Parts(clock, inventory, docker, dataPlane(config), wireGuard, security,
        ControlTiming.DEFAULT));
  }

  /** {@code --cleanup}: removes everything Weft made on this host and its state files. */
  public static void cleanup(AgentConfig config) {
    dataPlane(config).removeAll();
    List<String> names = new ArrayList<>(List.of(LocalIpam.FILE, DriverEndpoints.FILE));
    names.addAll(StateFiles.names());
    new StateStore(config.stateDir()).deleteAll(names.toArray(String[]::new));
  }

  /**
   * Runs the first reconcile (waiting up to two minutes, so that the first register carries the host report), then
   * connects to the coordinator.
   */
  public void start() {
    LOG.info("weft-agent {} host {} coordinators {} state {}", HostInventory.AGENT_VERSION, config.hostId(),
        config.coordinators(), config.stateDir());
    // The driver first: a dockerd restoring containers waits for it (issue 14).
    boolean driver = startDriver();
    try {
      reconciler.start(client).get(2, TimeUnit.MINUTES);
    } catch (Exception e) {
      LOG.warn("first reconcile did not finish: {}", e.toString());
    }
    client.start();
    if (driver) {
      docker.networks().ifPresent(engine -> reconciler.dockerNetworks(new DockerNetworkSync(engine), stale));
    }
  }

  /** Serves the Docker driver; false when there is none ({@code --plugin-socket off}) or it cannot be served. */
  private boolean startDriver() {
    if (plugin == null) {
      return false;
    }
    try {
      plugin.start();
      return true;
    } catch (IllegalStateException e) {
      LOG.error("the Docker driver 'weft' is not available on this host: {}", e.getMessage());
      return false;
    }
  }

  /** Stops and leaves the kernel as it is: a restarted agent picks up where this one stopped, traffic keeps flowing. */
  public void stop() {
    LOG.info("stopping; the data plane stays in place");
    try {
      client.stop().toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // exiting anyway
    }
    if (plugin != null) {
      plugin.stop();
    }
    reconciler.flush(3000);
    reconciler.stop();
    loop.shutdownNow();
    docker.close();
    dns.close();
    vertx.close();
  }

  /** The loop, for tests that hint it. */
  public Reconciler reconciler() {
    return reconciler;
  }

  private static DataPlane dataPlane(AgentConfig config) {
    return new LinuxDataPlane(hostPrefix(config.hostId()), CommandRunner.local(), WireGuardDevice::new);
  }

  /**
   * Finds this host's WireGuard and its key pair (issue 6), or null, saying why, when it has none: then containers
   * are refused encrypted networks, loudly.
   */
  private static WireGuardIdentity wireGuard(AgentConfig config) {
    WireGuardKind kind = WireGuardProbe.local().detect();
    if (kind == WireGuardKind.NONE) {
      LOG.warn("no WireGuard on this host (no kernel module, no wireguard-go and wg on the PATH): containers will be "
          + "refused encrypted networks");
      return null;
    }
    WireGuardKeys keys = WireGuardKeys.loadOrCreate(config.stateDir(), new SecureRandom());
    LOG.info("WireGuard: {}, public key {}, port {}", kind.wireName(), keys.publicKey(), config.wireguardPort());
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
