package dev.weft.coordinator.config;

import dev.weft.common.validation.NetworkDefaults;
import dev.weft.coordinator.keys.KeyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a coordinator process is configured with. Built by {@link ConfigParser} from flags and {@code WEFT_}
 * environment variables; tests build it directly.
 *
 * @param listenHost       HTTP bind address
 * @param listenPort       HTTP port; 0 picks a free one (tests)
 * @param dataDir          tokens and the embedded database live here
 * @param networkDefaults  subnet pool, subnet prefix, VNI range and block prefix for what requests leave out
 * @param heartbeatTimeout a host silent this long goes down
 * @param blockGrace       blocks of a down host with no endpoints are reclaimed after this long
 * @param cluster          Hazelcast address, peers and the durable store (issue 4)
 * @param keys             tunnel pool and pre-shared key rotation of encrypted networks (issue 6)
 * @param tls              serve the API and the agent channel over TLS with the cluster CA (issue 6); false is
 *                         for local development only
 * @param tlsSans          extra subject alternative names of this member's server certificate
 * @param http             timeouts and per-address budgets of the HTTP listener (issue 12)
 * @param hostCertLifetime how long a host certificate is valid ({@code --host-cert-lifetime}, issue 12); agents
 *                         renew theirs when two thirds of it have passed
 */
public record CoordinatorConfig(String listenHost, int listenPort, Path dataDir, NetworkDefaults networkDefaults,
                                Duration heartbeatTimeout, Duration blockGrace, ClusterConfig cluster,
                                KeyConfig keys, boolean tls, List<String> tlsSans, HttpLimits http,
                                Duration hostCertLifetime) {
  /** The default of {@code --host-cert-lifetime}. */
  public static final Duration HOST_CERT_LIFETIME = Duration.ofDays(90);

  public CoordinatorConfig {
    tlsSans = List.copyOf(tlsSans);
  }

  /** Default keys, TLS on, no extra names. */
  public CoordinatorConfig(String listenHost, int listenPort, Path dataDir, NetworkDefaults networkDefaults,
                           Duration heartbeatTimeout, Duration blockGrace, ClusterConfig cluster) {
    this(listenHost, listenPort, dataDir, networkDefaults, heartbeatTimeout, blockGrace, cluster, KeyConfig.DEFAULTS,
        true, List.of(), HttpLimits.DEFAULTS, HOST_CERT_LIFETIME);
  }

  /** The defaults of docs/TEAM-CONTRACTS.md: no flags means this. */
  public static CoordinatorConfig defaults() {
    return new CoordinatorConfig("0.0.0.0", 7700, Path.of("weft-data"), NetworkDefaults.DEFAULTS,
        Duration.ofSeconds(15), Duration.ofSeconds(300), ClusterConfig.single());
  }

  public CoordinatorConfig withKeys(KeyConfig value) {
    return new CoordinatorConfig(listenHost, listenPort, dataDir, networkDefaults, heartbeatTimeout, blockGrace, cluster,
        value, tls, tlsSans, http, hostCertLifetime);
  }

  public CoordinatorConfig withListen(String host, int port) {
    return new CoordinatorConfig(host, port, dataDir, networkDefaults, heartbeatTimeout, blockGrace, cluster,
        keys, tls, tlsSans, http, hostCertLifetime);
  }

  public CoordinatorConfig withDataDir(Path dir) {
    return new CoordinatorConfig(listenHost, listenPort, dir, networkDefaults, heartbeatTimeout, blockGrace, cluster,
        keys, tls, tlsSans, http, hostCertLifetime);
  }

  public CoordinatorConfig withNetworkDefaults(NetworkDefaults defaults) {
    return new CoordinatorConfig(listenHost, listenPort, dataDir, defaults, heartbeatTimeout, blockGrace, cluster,
        keys, tls, tlsSans, http, hostCertLifetime);
  }

  public CoordinatorConfig withHeartbeatTimeout(Duration timeout) {
    return new CoordinatorConfig(listenHost, listenPort, dataDir, networkDefaults, timeout, blockGrace, cluster, keys,
        tls, tlsSans, http, hostCertLifetime);
  }

  public CoordinatorConfig withBlockGrace(Duration grace) {
    return new CoordinatorConfig(listenHost, listenPort, dataDir, networkDefaults, heartbeatTimeout, grace, cluster,
        keys, tls, tlsSans, http, hostCertLifetime);
  }

  public CoordinatorConfig withCluster(ClusterConfig value) {
    return new CoordinatorConfig(listenHost, listenPort, dataDir, networkDefaults, heartbeatTimeout, blockGrace, value,
        keys, tls, tlsSans, http, hostCertLifetime);
  }

  /** TLS on (the default) or off (plain HTTP, local development only). */
  public CoordinatorConfig withTls(boolean on) {
    return new CoordinatorConfig(listenHost, listenPort, dataDir, networkDefaults, heartbeatTimeout, blockGrace, cluster,
        keys, on, tlsSans, http, hostCertLifetime);
  }

  public CoordinatorConfig withTlsSans(List<String> names) {
    return new CoordinatorConfig(listenHost, listenPort, dataDir, networkDefaults, heartbeatTimeout, blockGrace, cluster,
        keys, tls, names, http, hostCertLifetime);
  }

  /** Timeouts and per-address budgets of the HTTP listener (issue 12). */
  public CoordinatorConfig withHttp(HttpLimits value) {
    return new CoordinatorConfig(listenHost, listenPort, dataDir, networkDefaults, heartbeatTimeout, blockGrace, cluster,
        keys, tls, tlsSans, value, hostCertLifetime);
  }

  /** Host certificates valid this long (issue 12). */
  public CoordinatorConfig withHostCertLifetime(Duration lifetime) {
    return new CoordinatorConfig(listenHost, listenPort, dataDir, networkDefaults, heartbeatTimeout, blockGrace, cluster,
        keys, tls, tlsSans, http, lifetime);
  }
}
