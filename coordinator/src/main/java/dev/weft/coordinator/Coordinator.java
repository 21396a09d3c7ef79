package dev.weft.coordinator;

import dev.weft.common.wire.WireCodec;
import dev.weft.coordinator.api.AuditLog;
import dev.weft.coordinator.api.HttpApi;
import dev.weft.coordinator.api.JoinRoutes;
import dev.weft.coordinator.api.Refusals;
import dev.weft.coordinator.channel.AgentChannel;
import dev.weft.coordinator.cluster.ClusterView;
import dev.weft.coordinator.config.CoordinatorConfig;
import dev.weft.coordinator.config.DataDir;
import dev.weft.coordinator.config.JoinToken;
import dev.weft.coordinator.config.Tokens;
import dev.weft.coordinator.distribution.StoreFeed;
import dev.weft.coordinator.distribution.TableDistributor;
import dev.weft.coordinator.http.RateLimiter;
import dev.weft.coordinator.keys.KeyDistributor;
import dev.weft.coordinator.keys.KeyService;
import dev.weft.coordinator.keys.KeyStore;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.metrics.KeyMetrics;
import dev.weft.coordinator.block.BlockService;
import dev.weft.coordinator.block.BlockStore;
import dev.weft.coordinator.endpoint.EndpointService;
import dev.weft.coordinator.endpoint.EndpointStore;
import dev.weft.coordinator.endpoint.StoredContents;
import dev.weft.coordinator.network.NetworkService;
import dev.weft.coordinator.network.NetworkStore;
import dev.weft.coordinator.host.HostLiveness;
import dev.weft.coordinator.host.HostService;
import dev.weft.coordinator.pki.CaRotation;
import dev.weft.coordinator.pki.CertificateAuthority;
import dev.weft.coordinator.pki.ClusterCa;
import dev.weft.coordinator.pki.HostCredentials;
import dev.weft.coordinator.pki.MasterKey;
import dev.weft.coordinator.pki.SubjectNames;
import dev.weft.coordinator.pki.Revocations;
import dev.weft.coordinator.storage.Backend;
import dev.weft.coordinator.store.BlockStoreHostBlocks;
import dev.weft.coordinator.settings.Settings;
import dev.weft.coordinator.host.HostStore;
import dev.weft.coordinator.store.HostStoreBlockHosts;
import dev.weft.coordinator.storage.Storage;
import dev.weft.coordinator.storage.StorageOpening;
import dev.weft.coordinator.storage.Stores;
import dev.weft.coordinator.servicerule.ServiceRuleStore;
import dev.weft.coordinator.servicerule.ServiceRules;
import dev.weft.coordinator.swarm.SwarmManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running coordinator: the one place that builds and wires every part, and stops them in reverse. */
public final class Coordinator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
  /** Client addresses each rate limiter remembers at most (about 100 bytes each). */
  private static final int MAX_LIMITED_ADDRESSES = 100_000;

  private final Teardown teardown;
  private final Tokens tokens;
  private final JoinToken joinToken;
  private final TableDistributor distributor;
  private final HttpServer server;
  private final Router router;
  private final boolean tls;

  private Coordinator(Teardown teardown, Tokens tokens, JoinToken joinToken, TableDistributor distributor,
                      HttpServer server, Router router, boolean tls) {
    this.teardown = teardown;
    this.tokens = tokens;
    this.joinToken = joinToken;
    this.distributor = distributor;
    this.server = server;
    this.router = router;
    this.tls = tls;
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
    return start(config, clock, swarm, Backend.HAZELCAST);
  }

  /**
   * @param backend where the state lives: {@link Backend#HAZELCAST} in the product; in memory only for tests of the
   *                API and the services
   */
  public static Coordinator start(CoordinatorConfig config, Clock clock, SwarmManager swarm, Backend backend) {
    Teardown teardown = new Teardown();
    try {
      return start(config, clock, swarm, backend, teardown);
    } catch (RuntimeException | InterruptedException | ExecutionException e) {
      teardown.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException("start failed: " + e.getMessage(), e);
    }
  }

  private static Coordinator start(CoordinatorConfig config, Clock clock, SwarmManager swarm, Backend backend,
                                   Teardown teardown) throws InterruptedException, ExecutionException {
    // 0700, its files 0600 but ca.pem, also those made later (issue 12).
    DataDir dataDir = DataDir.open(config.dataDir());
    teardown.add(dataDir::close);
    MasterKey masterKey = MasterKey.loadOrCreate(config.cluster().masterKeyFile(config.dataDir()));
    StorageOpening opening = backend.open(config.dataDir(), config.cluster());
    CertificateAuthority ca;
    try {
      // One CA per cluster, kept in the store like the tokens (issue 6), its key sealed with the master key (issue
      // 12). Before Hazelcast starts: a member with another master key stops here with a message saying what to do,
      // instead of waiting forever for a majority it can never join.
      ca = ClusterCa.loadOrCreate(opening.settings(), config.dataDir(), clock, masterKey);
    } catch (RuntimeException e) {
      opening.close();
      throw e;
    }
    Counters counters = new Counters();
    Storage storage = opening.start(masterKey.clusterName(), counters::agentFailovers);
    teardown.add(storage::close);
    teardown.add(swarm::close);
    Settings settings = storage.settings();
    // The CA's fingerprint is the join token's first part, so the CA comes first and join-token is written in its
    // final form. Several members share the tokens through the database; one member keeps them in its data dir.
    Tokens tokens = config.cluster().embedded() ? Tokens.loadOrCreate(config.dataDir(), ca.fingerprint())
        : Tokens.ofCluster(config.dataDir(), settings::putIfAbsent, ca.fingerprint());
    WireCodec codec = new WireCodec();
    Stores stored = storage.stores();
    NetworkStore networkStore = stored.networks();
    HostStore hostStore = stored.hosts();
    BlockStore blockStore = stored.blocks();
    EndpointStore endpointStore = stored.endpoints();
    StoredContents contents = new StoredContents(endpointStore, blockStore);
    ClusterView cluster = storage.cluster();
    cluster.start();
    counters.clusterMetrics(cluster::metrics);
    NetworkService networks = new NetworkService(networkStore, contents, config.networkDefaults(), counters, clock);
    EndpointService endpoints = new EndpointService(networkStore, blockStore, endpointStore);
    JoinToken joinToken = config.cluster().embedded()
        ? JoinToken.local(tokens.join(), config.dataDir(), ca.fingerprint())
        : JoinToken.cluster(tokens.join(), config.dataDir(), settings, ca.fingerprint());
    Revocations revocations = new Revocations(settings, joinToken);
    // A CA rotation (issue 12): the staged CA in the store, adopted by every member.
    CaRotation rotation = new CaRotation(settings, masterKey, config.dataDir(), clock, ca, revocations::joined);
    if (!rotation.get().current().fingerprint().equals(joinToken.fingerprint())) {
      joinToken.adoptFingerprint(rotation.get().current().fingerprint());
    }
    KeyStore keyStore = stored.keys();
    HostService hosts = new HostService(hostStore, endpointStore, endpoints,
        new BlockStoreHostBlocks(blockStore), revocations, clock,
        () -> keyStore.tunnels().byHost());
    BlockService blocks = new BlockService(networkStore, blockStore, contents, new HostStoreBlockHosts(hostStore),
        counters, clock);
    HostLiveness liveness = new HostLiveness(clock, storage::heard, storage::lastHeard);
    ServiceRuleStore ruleStore = stored.rules();
    ServiceRules serviceRules = new ServiceRules(networks, ruleStore, endpointStore, hostStore, swarm);

    int heartbeatSeconds = (int) Math.max(1, config.heartbeatTimeout().toSeconds() / 3);
    TableDistributor distributor = new TableDistributor(UUID.randomUUID().toString(), heartbeatSeconds, codec,
        counters);
    teardown.add(distributor::close);
    Supplier<TableDistributor.Stored> tables = StoreFeed.connect(stored, distributor);
    long seeding = System.nanoTime();
    distributor.resync(() -> storage.readWhenSettled(tables)).get();
    LOG.info("tables seeded in {} ms: {} networks", (System.nanoTime() - seeding) / 1_000_000,
        distributor.gauges().get().tableVersions().size());
    // After a split healed, this member never saw the other side's changes as events: rebuild the tables.
    cluster.onMerged(() -> distributor.resync(tables));
    cluster.onQuorumLost(distributor::closeAll);
    KeyDistributor keys = startKeys(config, keyStore, hostStore, networkStore, blockStore, distributor, cluster,
        counters, clock);
    teardown.add(keys::close);
    distributor.seedServiceRules(() -> storage.readWhenSettled(ruleStore::all)).get();
    networkStore.addListener(serviceRules.executor(), e -> serviceRules.catalogChanged(e.current()));
    // Hosts stored as up get one heartbeat timeout to reconnect to this new process.
    storage.readWhenSettled(hosts::upHosts).forEach(liveness::heard);

    AuditLog audit = new AuditLog(config.dataDir(), clock, counters);
    teardown.add(audit::close);
    Vertx vertx = Vertx.vertx();
    teardown.add(() -> HttpServing.await(vertx.close()));
    // Refused requests are recorded briefly and limited per client address (issue 12).
    Refusals refusals = new Refusals(new RateLimiter(config.http().refusedPerMinute(), MAX_LIMITED_ADDRESSES, clock),
        new RateLimiter(config.http().openPerMinute(), MAX_LIMITED_ADDRESSES, clock), audit, counters);
    AgentChannel channel = new AgentChannel(vertx, joinToken, codec, counters, distributor, hosts, endpoints,
        blocks, liveness).withRegisterTimeout(config.http().registerTimeout()).withRefusals(refusals);
    List<String> names = SubjectNames.local(config.listenHost(), config.tlsSans());
    HttpServing serving = new HttpServing(config, names, clock);
    JoinRoutes join = null;
    if (config.tls()) {
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
    Router router = HttpApi.router(vertx, new HttpApi.Parts(tokens.admin(), tokens.read(), channel, networks, hosts,
        liveness, distributor, counters, storage::running, serviceRules, joinToken, audit, join, refusals, rotation));
    HttpServer server = serving.listen(vertx, serving.options(rotation.get()), router, counters);
    rotation.onChange(cas -> {
      joinToken.adoptFingerprint(cas.current().fingerprint());
      serving.caChanged(server, cas);
      channel.caChanged(cas);
    });
    Jobs jobs = new Jobs(vertx);
    jobs.liveness(liveness, hosts, config.heartbeatTimeout());
    jobs.reclaim(blocks, cluster, config.blockGrace());
    if (!config.cluster().embedded()) {
      jobs.settingsRefresh(joinToken, rotation);
    }
    LOG.info("Weft coordinator listening on {}://{}:{}, data in {}", config.tls() ? "https" : "http",
        config.listenHost(), server.actualPort(), config.dataDir().toAbsolutePath());
    return new Coordinator(teardown, tokens, joinToken, distributor, server, router, config.tls());
  }

  /**
   * Encrypted transport (issue 6): tunnel addresses and pre-shared keys, each host's key table pushed through the
   * distributor's link to it; rotation on the leader only.
   */
  private static KeyDistributor startKeys(CoordinatorConfig config, KeyStore keyStore, HostStore hostStore,
                                          NetworkStore networkStore, BlockStore blockStore,
                                          TableDistributor distributor, ClusterView cluster, Counters counters,
                                          Clock clock) {
    KeyService service = new KeyService(hostStore, networkStore, blockStore, keyStore, config.keys(), clock,
        new SecureRandom(), cluster::leader);
    KeyDistributor keys = new KeyDistributor(service, distributor::sendTo);
    distributor.onConnected(keys::connected);
    keys.hintOnChanges(hostStore, networkStore, blockStore, keyStore);
    counters.keyMetrics(KeyMetrics.pskAge(keys::oldestKeyAgeSeconds));
    long rotation = config.keys().pskRotation().toMillis();
    keys.start(Duration.ofMillis(Jobs.clamp(rotation / 4, 250, 5000)));
    return keys;
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

  /** Stops HTTP and the agent channel, audit, keys, distribution, Swarm, then the store (closing the database). */
  @Override
  public void close() {
    teardown.close();
  }
}
