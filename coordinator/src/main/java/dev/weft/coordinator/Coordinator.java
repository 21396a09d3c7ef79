package dev.weft.coordinator;

import dev.weft.common.wire.WireCodec;
import dev.weft.coordinator.api.AuditLog;
import dev.weft.coordinator.api.HttpApi;
import dev.weft.coordinator.api.JoinRoutes;
import dev.weft.coordinator.api.Refusals;
import dev.weft.coordinator.channel.AgentChannel;
import dev.weft.coordinator.cluster.ClusterMonitor;
import dev.weft.coordinator.config.CoordinatorConfig;
import dev.weft.coordinator.config.DataDir;
import dev.weft.coordinator.config.JoinToken;
import dev.weft.coordinator.config.Tokens;
import dev.weft.coordinator.distribution.TableDistributor;
import dev.weft.coordinator.http.RateLimiter;
import dev.weft.coordinator.http.RequestHeadTimeouts;
import dev.weft.coordinator.keys.KeyDistributor;
import dev.weft.coordinator.keys.KeyService;
import dev.weft.coordinator.keys.KeyStore;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.service.BlockService;
import dev.weft.coordinator.service.EndpointService;
import dev.weft.coordinator.service.HostLiveness;
import dev.weft.coordinator.service.HostService;
import dev.weft.coordinator.service.NetworkService;
import dev.weft.coordinator.pki.CaRotation;
import dev.weft.coordinator.pki.CertificateAuthority;
import dev.weft.coordinator.pki.ClusterCa;
import dev.weft.coordinator.pki.HostCredentials;
import dev.weft.coordinator.pki.MasterKey;
import dev.weft.coordinator.pki.ServerTls;
import dev.weft.coordinator.pki.SubjectNames;
import dev.weft.coordinator.service.Revocations;
import dev.weft.coordinator.store.BlockStore;
import dev.weft.coordinator.store.Database;
import dev.weft.coordinator.store.EndpointStore;
import dev.weft.coordinator.store.HostStore;
import dev.weft.coordinator.store.NetworkStore;
import dev.weft.coordinator.store.StoreMember;
import dev.weft.coordinator.swarm.ServiceRuleStore;
import dev.weft.coordinator.swarm.ServiceRules;
import dev.weft.coordinator.swarm.SwarmManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running coordinator: the one place that builds and wires every part, and stops them in reverse. */
public final class Coordinator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
  private static final int MAX_AGENT_MESSAGE = 4 * 1024 * 1024;
  private static final long JOIN_TOKEN_REFRESH_MILLIS = 3000;
  /** Client addresses each rate limiter remembers at most (about 100 bytes each). */
  private static final int MAX_LIMITED_ADDRESSES = 100_000;

  private final Tokens tokens;
  private final JoinToken joinToken;
  private final AuditLog audit;
  private final StoreMember store;
  private final TableDistributor distributor;
  private final Vertx vertx;
  private final HttpServer server;
  private final Router router;
  private SwarmManager swarm = SwarmManager.NONE;
  private KeyDistributor keys;
  private boolean tls;
  private DataDir dataDir;

  private Coordinator(AuditLog audit, JoinToken joinToken, Tokens tokens, StoreMember store,
                      TableDistributor distributor, Vertx vertx, HttpServer server, Router router) {
    this.router = router;
    this.tokens = tokens;
    this.joinToken = joinToken;
    this.audit = audit;
    this.store = store;
    this.distributor = distributor;
    this.vertx = vertx;
    this.server = server;
  }

  /** Starts everything; blocking (seconds). The caller closes the result. */
  public static Coordinator start(CoordinatorConfig config) {
    return start(config, Clock.systemUTC());
  }

  public static Coordinator start(CoordinatorConfig config, Clock clock) {
    return start(config, clock, SwarmManager.NONE);
  }

  /** @param swarm the Swarm manager service rules are checked with (issue 5); closed with the coordinator */
  public static Coordinator start(CoordinatorConfig config, Clock clock, SwarmManager swarm) {
    // 0700, its files 0600 but ca.pem, also those made later (issue 12).
    DataDir dataDir = DataDir.open(config.dataDir());
    StoreMember store;
    Tokens tokens;
    CertificateAuthority ca;
    MasterKey masterKey;
    try {
      masterKey = MasterKey.loadOrCreate(config.cluster().masterKeyFile(config.dataDir()));
      Database database = StoreMember.open(config.dataDir(), config.cluster());
      try {
        // One CA per cluster, kept in the store like the tokens (issue 6), its key sealed with the master key (issue
        // 12). Before Hazelcast starts: a member with another master key stops here with a message saying what to do,
        // instead of waiting forever for a majority it can never join.
        ca = ClusterCa.loadOrCreate(database.settings(), config.dataDir(), clock, masterKey);
      } catch (RuntimeException e) {
        database.close();
        throw e;
      }
      store = StoreMember.start(database, config.cluster(), masterKey.clusterName());
    } catch (RuntimeException e) {
      dataDir.close();
      throw e;
    }
    try {
      // The CA's fingerprint is the join token's first part, so the CA comes first and join-token is written in its
      // final form. Several members share the tokens through the database; one member keeps them in its data dir.
      tokens = config.cluster().embedded() ? Tokens.loadOrCreate(config.dataDir(), ca.fingerprint())
          : Tokens.ofCluster(config.dataDir(), store.database().settings()::putIfAbsent, ca.fingerprint());
    } catch (RuntimeException e) {
      store.close();
      dataDir.close();
      throw e;
    }
    TableDistributor distributor = null;
    KeyDistributor keys = null;
    Vertx vertx = null;
    AuditLog audit = null;
    try {
      Counters counters = new Counters();
      WireCodec codec = new WireCodec();
      NetworkStore networkStore = new NetworkStore(store.map(StoreMember.NETWORKS), store.guard());
      HostStore hostStore = new HostStore(store.map(StoreMember.HOSTS), store.guard());
      BlockStore blockStore = new BlockStore(store.map(StoreMember.BLOCKS), store.guard());
      EndpointStore endpointStore = new EndpointStore(store.map(StoreMember.ENDPOINTS), store.guard());
      ClusterMonitor cluster = new ClusterMonitor(store, counters::agentFailovers);
      cluster.start();
      counters.clusterMetrics(cluster::metrics);
      NetworkService networks = new NetworkService(networkStore, endpointStore, blockStore, config.networkDefaults(),
          counters, clock);
      EndpointService endpoints = new EndpointService(networkStore, blockStore, endpointStore);
      JoinToken joinToken = config.cluster().embedded()
          ? JoinToken.local(tokens.join(), config.dataDir(), ca.fingerprint())
          : JoinToken.cluster(tokens.join(), config.dataDir(), store.database().settings(), ca.fingerprint());
      Revocations revocations = new Revocations(store.database().settings(), joinToken);
      // A CA rotation (issue 12): the staged CA in the store, adopted by every member.
      CaRotation rotation = new CaRotation(store.database().settings(), masterKey, config.dataDir(), clock, ca,
          revocations::joined);
      if (!rotation.get().current().fingerprint().equals(joinToken.fingerprint())) {
        joinToken.adoptFingerprint(rotation.get().current().fingerprint());
      }
      KeyStore keyStore = new KeyStore(store.map(StoreMember.KEYS), store.guard());
      HostService hosts = new HostService(hostStore, endpointStore, endpoints, blockStore, revocations, clock,
          () -> keyStore.tunnels().byHost());
      BlockService blocks = new BlockService(networkStore, blockStore, endpointStore, hostStore, counters, clock);
      HostLiveness liveness = new HostLiveness(clock, (host, millis) -> store.heard().setAsync(host, millis),
          host -> store.heard().get(host));
      ServiceRuleStore ruleStore = new ServiceRuleStore(store.map(StoreMember.SERVICE_RULES), store.guard());
      ServiceRules serviceRules = new ServiceRules(networks, ruleStore, endpointStore, hostStore, swarm);

      int heartbeatSeconds = (int) Math.max(1, config.heartbeatTimeout().toSeconds() / 3);
      distributor = new TableDistributor(UUID.randomUUID().toString(), heartbeatSeconds, codec, counters);
      // Listening first, then reading on the distribution thread: a change made meanwhile on another member is
      // either in what is read or arrives as an event after it.
      networkStore.watch(distributor.executor(), distributor::catalogChanged);
      hostStore.watch(distributor.executor(), distributor::hostChanged);
      blockStore.watch(distributor.executor(), distributor::blocksChanged);
      endpointStore.watch(distributor.executor(), distributor::endpointChanged);
      java.util.function.Supplier<TableDistributor.Stored> stored = () -> new TableDistributor.Stored(
          networkStore.catalog(), hostStore.list(), blockStore.all(), endpointStore.all());
      long seeding = System.nanoTime();
      distributor.resync(() -> store.readWhenSettled(stored)).get();
      LOG.info("tables seeded in {} ms: {} networks", (System.nanoTime() - seeding) / 1_000_000,
          distributor.gauges().get().tableVersions().size());
      TableDistributor tables = distributor;
      // After a split healed, this member never saw the other side's changes as events: rebuild the tables.
      cluster.onMerged(() -> tables.resync(stored));
      cluster.onQuorumLost(tables::closeAll);
      keys = startKeys(config, keyStore, hostStore, networkStore, blockStore, distributor, cluster, counters, clock);
      ruleStore.watch(distributor.executor(), distributor::serviceRuleChanged);
      distributor.seedServiceRules(() -> store.readWhenSettled(ruleStore::all)).get();
      networkStore.watch(serviceRules.executor(), (key, before, after) -> serviceRules.catalogChanged(after));
      // Hosts stored as up get one heartbeat timeout to reconnect to this new process.
      store.readWhenSettled(hosts::upHosts).forEach(liveness::heard);

      audit = new AuditLog(config.dataDir(), clock, counters);
      vertx = Vertx.vertx();
      // Refused requests are recorded briefly and limited per client address (issue 12).
      Refusals refusals = new Refusals(new RateLimiter(config.http().refusedPerMinute(), MAX_LIMITED_ADDRESSES, clock),
          new RateLimiter(config.http().openPerMinute(), MAX_LIMITED_ADDRESSES, clock), audit, counters);
      AgentChannel channel = new AgentChannel(vertx, joinToken, codec, counters, distributor, hosts, endpoints,
          blocks, liveness).withRegisterTimeout(config.http().registerTimeout()).withRefusals(refusals);
      HttpServerOptions options = new HttpServerOptions()
          .setHost(config.listenHost()).setPort(config.listenPort())
          .setMaxWebSocketMessageSize(MAX_AGENT_MESSAGE).setMaxWebSocketFrameSize(MAX_AGENT_MESSAGE)
          .setMaxInitialLineLength(8192)
          // Idle connections are closed (issue 12); agents' heartbeats keep theirs open (ConfigParser checks).
          .setIdleTimeout((int) config.http().idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
          // HTTP/1.1 only, as with TLS (no ALPN): the JDK's HttpClient (17) asks for an h2c upgrade by default, and
          // about one such first request in 13 then hung forever, its own timeout never firing (H2cUpgradeTest).
          .setHttp2ClearTextEnabled(false);
      JoinRoutes join = null;
      List<String> names = SubjectNames.local(config.listenHost(), config.tlsSans());
      if (config.tls()) {
        ServerTls.apply(options, rotation.get(), names, clock);
        HostCredentials credentials = new HostCredentials(rotation::get, joinToken, revocations, clock,
            config.hostCertLifetime());
        channel.withCredentials(credentials);
        join = new JoinRoutes(vertx, credentials, audit, refusals);
        LOG.info("TLS on: CA {} (sha256 {}), server certificate for {}", ca.certificate().getSubjectX500Principal()
            .getName(), ca.fingerprint(), names);
      } else {
        LOG.warn("TLS is OFF (--tls=false): the API, tokens and the agent channel travel in clear text. For local "
            + "development only; never on a network others can reach");
      }
      Router router = HttpApi.router(vertx, tokens.admin(), tokens.read(), channel, networks, hosts, liveness,
          distributor, counters, store::running, serviceRules, joinToken, audit, join, refusals, rotation);
      RequestHeadTimeouts heads = new RequestHeadTimeouts(vertx, config.http().headerTimeout(),
          config.http().idleTimeout(), counters);
      router.route().order(-1).handler(heads::watchResponse);
      HttpServer server = vertx.createHttpServer(options).connectionHandler(heads::connected).requestHandler(req -> {
        heads.headArrived(req);
        router.handle(req);
      });
      await(server.listen());
      boolean tlsOn = config.tls();
      rotation.onChange(cas -> {
        joinToken.adoptFingerprint(cas.current().fingerprint());
        if (tlsOn) {
          // New handshakes use the new server certificate and trust; open connections stay as they are. Waited
          // for (this runs on a worker thread), so that the answer to a retire comes after it took effect.
          try {
            server.updateSSLOptions(ServerTls.sslOptions(cas, names, clock), true).toCompletionStage()
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cannot update the server's TLS after a CA change: {}", e.toString());
          }
        }
        channel.caChanged(cas);
      });
      schedule(vertx, config, hosts, blocks, liveness, cluster);
      if (!config.cluster().embedded()) {
        // A join token rotated on another member reaches this one within seconds (issue 6).
        Vertx timers = vertx;
        timers.setPeriodic(JOIN_TOKEN_REFRESH_MILLIS, id -> timers.executeBlocking(() -> {
          joinToken.refresh();
          // A CA staged or retired on another member (issue 12).
          rotation.refresh();
          return null;
        }, false).onFailure(e -> LOG.warn("cannot re-read the join token: {}", e.toString())));
      }
      LOG.info("Weft coordinator listening on {}://{}:{}, data in {}", config.tls() ? "https" : "http",
          config.listenHost(), server.actualPort(), config.dataDir().toAbsolutePath());
      Coordinator started = new Coordinator(audit, joinToken, tokens, store, distributor, vertx, server, router);
      started.swarm = swarm;
      started.keys = keys;
      started.tls = config.tls();
      started.dataDir = dataDir;
      return started;
    } catch (RuntimeException | InterruptedException | ExecutionException e) {
      if (vertx != null) {
        Vertx started = vertx;
        quietly(() -> await(started.close()));
      }
      if (keys != null) {
        keys.close();
      }
      if (distributor != null) {
        distributor.close();
      }
      if (audit != null) {
        audit.close();
      }
      swarm.close();
      store.close();
      dataDir.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException("start failed: " + e.getMessage(), e);
    }
  }

  /**
   * Encrypted transport (issue 6): tunnel addresses and pre-shared keys, each host's key table pushed through the
   * distributor's link to it; rotation on the leader only.
   */
  private static KeyDistributor startKeys(CoordinatorConfig config, KeyStore keyStore, HostStore hostStore,
                                          NetworkStore networkStore, BlockStore blockStore,
                                          TableDistributor distributor, ClusterMonitor cluster, Counters counters,
                                          Clock clock) {
    KeyService service = new KeyService(hostStore, networkStore, blockStore, keyStore, config.keys(), clock,
        new SecureRandom(), cluster::leader);
    KeyDistributor keys = new KeyDistributor(service, distributor::sendTo);
    distributor.onConnected(keys::connected);
    java.util.concurrent.Executor direct = Runnable::run;
    hostStore.watch(direct, (k, before, after) -> keys.hint());
    networkStore.watch(direct, (k, before, after) -> keys.hint());
    blockStore.watch(direct, (k, before, after) -> keys.hint());
    keyStore.watch(direct, keys::hint);
    counters.keyMetrics(() -> "# HELP weft_psk_age_seconds Age of the oldest pre-shared key of a host pair.\n"
        + "# TYPE weft_psk_age_seconds gauge\nweft_psk_age_seconds " + keys.oldestKeyAgeSeconds() + "\n");
    long rotation = config.keys().pskRotation().toMillis();
    keys.start(java.time.Duration.ofMillis(clamp(rotation / 4, 250, 5000)));
    return keys;
  }

  /** Timers: heartbeat timeouts and block reclaim, each pass off the event loop and never overlapping. */
  private static void schedule(Vertx vertx, CoordinatorConfig config, HostService hosts, BlockService blocks,
                               HostLiveness liveness, ClusterMonitor cluster) {
    long livenessPeriod = clamp(config.heartbeatTimeout().toMillis() / 4, 100, 1000);
    vertx.setPeriodic(livenessPeriod, id -> vertx.executeBlocking(() -> {
      for (Map.Entry<String, java.time.Instant> silent : liveness.expire(config.heartbeatTimeout())) {
        LOG.info("host {} silent since {}: down", silent.getKey(), silent.getValue());
        hosts.markDown(silent.getKey(), silent.getValue());
      }
      return null;
    }, true));
    long reclaimPeriod = clamp(config.blockGrace().toMillis() / 2, 200, 30_000);
    // Once-only work: only the oldest member of the majority reclaims (issue 4).
    vertx.setPeriodic(reclaimPeriod, id -> vertx.executeBlocking(
            () -> cluster.leader() ? blocks.reclaim(config.blockGrace()) : 0, true)
        .onSuccess(released -> {
          if (released > 0) {
            LOG.info("reclaimed {} blocks of hosts gone for longer than {}", released, config.blockGrace());
          }
        }));
  }

  /** The HTTP routes, for the test that holds the OpenAPI document complete. */
  List<Route> routes() {
    return router.getRoutes();
  }

  public int httpPort() {
    return server.actualPort();
  }

  public String adminToken() {
    return tokens.admin();
  }

  public String readToken() {
    return tokens.read();
  }

  /** The current join token (rotated through the API, issue 6). */
  public String joinToken() {
    return joinToken.get();
  }

  /** Rotates the join token as {@code POST /v1/join-token/rotate} does; blocking. For tests of other modules. */
  public String rotateJoinTokenForTests() {
    return joinToken.rotate();
  }

  /** SHA-256 of the cluster CA's certificate (issue 6). */
  public String caFingerprint() {
    return joinToken.fingerprint();
  }

  /** Whether the API and the agent channel are served over TLS. */
  public boolean tls() {
    return tls;
  }

  public String epoch() {
    return distributor.epoch();
  }

  /** Stops HTTP and the agent channel, distribution, then the store (which closes the database). */
  @Override
  public void close() {
    quietly(() -> await(vertx.close()));
    quietly(audit::close);
    if (keys != null) {
      quietly(keys::close);
    }
    quietly(distributor::close);
    quietly(swarm::close);
    try {
      store.close();
    } finally {
      if (dataDir != null) {
        dataDir.close();
      }
    }
  }

  private static long clamp(long value, long min, long max) {
    return Math.max(min, Math.min(max, value));
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out", e);
    }
  }

  private static void quietly(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.warn("while stopping: {}", e.toString());
    }
  }
}
