package dev.weft.coordinator.config;

import dev.weft.common.validation.NetworkDefaults;
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

  /** The defaults (coordinator/PROTOCOL.md and the README's flag table): no flags means this. */
  public static CoordinatorConfig defaults() {
    return new CoordinatorConfig("0.0.0.0", 7700, Path.of("weft-data"), NetworkDefaults.DEFAULTS,
        Duration.ofSeconds(15), Duration.ofSeconds(300), ClusterConfig.single());
  }

  /** A builder holding this config's values, to change some and {@link Builder#build()} a new one. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public CoordinatorConfig withKeys(KeyConfig value) {
    return toBuilder().keys(value).build();
  }

  public CoordinatorConfig withListen(String host, int port) {
    return toBuilder().listen(host, port).build();
  }

  public CoordinatorConfig withDataDir(Path dir) {
    return toBuilder().dataDir(dir).build();
  }

  public CoordinatorConfig withNetworkDefaults(NetworkDefaults defaults) {
    return toBuilder().networkDefaults(defaults).build();
  }

  public CoordinatorConfig withHeartbeatTimeout(Duration timeout) {
    return toBuilder().heartbeatTimeout(timeout).build();
  }

  public CoordinatorConfig withBlockGrace(Duration grace) {
    return toBuilder().blockGrace(grace).build();
  }

  public CoordinatorConfig withCluster(ClusterConfig value) {
    return toBuilder().cluster(value).build();
  }

  /** TLS on (the default) or off (plain HTTP, local development only). */
  public CoordinatorConfig withTls(boolean on) {
    return toBuilder().tls(on).build();
  }

  public CoordinatorConfig withTlsSans(List<String> names) {
    return toBuilder().tlsSans(names).build();
  }

  /** Timeouts and per-address budgets of the HTTP listener (issue 12). */
  public CoordinatorConfig withHttp(HttpLimits value) {
    return toBuilder().http(value).build();
  }

  /** Host certificates valid this long (issue 12). */
  public CoordinatorConfig withHostCertLifetime(Duration lifetime) {
    return toBuilder().hostCertLifetime(lifetime).build();
  }

  /** The one place that copies every field: {@code withX} methods and tests change a copy through it. */
  public static final class Builder {
    private String listenHost;
    private int listenPort;
    private Path dataDir;
    private NetworkDefaults networkDefaults;
    private Duration heartbeatTimeout;
    private Duration blockGrace;
    private ClusterConfig cluster;
    private KeyConfig keys;
    private boolean tls;
    private List<String> tlsSans;
    private HttpLimits http;
    private Duration hostCertLifetime;

    private Builder(CoordinatorConfig from) {
      listenHost = from.listenHost;
      listenPort = from.listenPort;
      dataDir = from.dataDir;
      networkDefaults = from.networkDefaults;
      heartbeatTimeout = from.heartbeatTimeout;
      blockGrace = from.blockGrace;
      cluster = from.cluster;
      keys = from.keys;
      tls = from.tls;
      tlsSans = from.tlsSans;
      http = from.http;
      hostCertLifetime = from.hostCertLifetime;
    }

    public Builder listen(String host, int port) {
      listenHost = host;
      listenPort = port;
      return this;
    }

    public Builder dataDir(Path value) {
      dataDir = value;
      return this;
    }

    public Builder networkDefaults(NetworkDefaults value) {
      networkDefaults = value;
      return this;
    }

    public Builder heartbeatTimeout(Duration value) {
      heartbeatTimeout = value;
      return this;
    }

    public Builder blockGrace(Duration value) {
      blockGrace = value;
      return this;
    }

    public Builder cluster(ClusterConfig value) {
      cluster = value;
      return this;
    }

    public Builder keys(KeyConfig value) {
      keys = value;
      return this;
    }

    public Builder tls(boolean value) {
      tls = value;
      return this;
    }

    public Builder tlsSans(List<String> value) {
      tlsSans = value;
      return this;
    }

    public Builder http(HttpLimits value) {
      http = value;
      return this;
    }

    public Builder hostCertLifetime(Duration value) {
      hostCertLifetime = value;
      return this;
    }

    public CoordinatorConfig build() {
      return new CoordinatorConfig(listenHost, listenPort, dataDir, networkDefaults, heartbeatTimeout, blockGrace,
          cluster, keys, tls, tlsSans, http, hostCertLifetime);
    }
  }
}
