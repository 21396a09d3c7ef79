package dev.weft.coordinator.config;

import static dev.weft.coordinator.config.CoordinatorFlags.BLOCK_GRACE;
import static dev.weft.coordinator.config.CoordinatorFlags.BLOCK_PREFIX;
import static dev.weft.coordinator.config.CoordinatorFlags.CLUSTER_LISTEN;
import static dev.weft.coordinator.config.CoordinatorFlags.CLUSTER_MEMBERS;
import static dev.weft.coordinator.config.CoordinatorFlags.DATA_DIR;
import static dev.weft.coordinator.config.CoordinatorFlags.HEADER_TIMEOUT;
import static dev.weft.coordinator.config.CoordinatorFlags.HEARTBEAT_TIMEOUT;
import static dev.weft.coordinator.config.CoordinatorFlags.HOST_CERT_LIFETIME;
import static dev.weft.coordinator.config.CoordinatorFlags.IDLE_TIMEOUT;
import static dev.weft.coordinator.config.CoordinatorFlags.LISTEN;
import static dev.weft.coordinator.config.CoordinatorFlags.MASTER_KEY_FILE;
import static dev.weft.coordinator.config.CoordinatorFlags.OPEN_BUDGET;
import static dev.weft.coordinator.config.CoordinatorFlags.PSK_ROTATION;
import static dev.weft.coordinator.config.CoordinatorFlags.REFUSED_BUDGET;
import static dev.weft.coordinator.config.CoordinatorFlags.REGISTER_TIMEOUT;
import static dev.weft.coordinator.config.CoordinatorFlags.STORE;
import static dev.weft.coordinator.config.CoordinatorFlags.SUBNET_POOL;
import static dev.weft.coordinator.config.CoordinatorFlags.SUBNET_PREFIX;
import static dev.weft.coordinator.config.CoordinatorFlags.TLS;
import static dev.weft.coordinator.config.CoordinatorFlags.TLS_SAN;
import static dev.weft.coordinator.config.CoordinatorFlags.TUNNEL_POOL;
import static dev.weft.coordinator.config.CoordinatorFlags.VNI_RANGE;

import dev.weft.common.flags.FlagException;
import dev.weft.common.flags.FlagValues;
import dev.weft.common.flags.Parsers;
import dev.weft.common.net.Cidr;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.error.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads {@code --flag VALUE} / {@code --flag=VALUE} arguments of {@link CoordinatorFlags#TABLE}, each with a
 * {@code WEFT_FLAG} environment twin; a flag wins over its twin. Every problem is a {@link ConfigException} naming
 * the flag, the value and what was expected.
 */
public final class ConfigParser {
  private ConfigParser() {
  }

  /** The usage text printed for {@code --help} and after a bad flag. */
  public static String usage() {
    return CoordinatorFlags.TABLE.usage();
  }

  /**
   * @param args command-line arguments, never null
   * @param env  the environment, never null
   * @throws ConfigException on an unknown flag, a missing value or a value out of range
   */
  public static CoordinatorConfig parse(List<String> args, Map<String, String> env) {
    try {
      return build(CoordinatorFlags.TABLE.parse(args, env));
    } catch (FlagException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static CoordinatorConfig build(FlagValues values) {
    CoordinatorConfig.Builder config = CoordinatorConfig.defaults().toBuilder();
    if (values.given(LISTEN)) {
      String listen = values.get(LISTEN);
      int colon = listen.lastIndexOf(':');
      if (colon <= 0) {
        throw values.invalid(LISTEN, listen, "HOST:PORT, like 0.0.0.0:7700");
      }
      String port = listen.substring(colon + 1);
      try {
        config.listen(listen.substring(0, colon), Parsers.intIn(0, 65535).parse(port));
      } catch (dev.weft.common.flags.InvalidValue e) {
        throw values.invalid(LISTEN, port, e.expected());
      }
    }
    values.find(DATA_DIR).ifPresent(dir -> config.dataDir(Path.of(dir)));
    NetworkDefaults network;
    try {
      network = NetworkDefaults.parse(values.text(SUBNET_POOL).orElse(null), values.text(SUBNET_PREFIX).orElse(null),
          values.text(VNI_RANGE).orElse(null), values.text(BLOCK_PREFIX).orElse(null));
    } catch (ValidationException e) {
      String flag = e.field().equals("pool") ? "subnet-pool" : e.field();
      throw new ConfigException("--" + flag + ": " + Objects.toString(e.value()) + " (expected: " + e.expected() + ")");
    }
    config.networkDefaults(network);
    values.find(HEARTBEAT_TIMEOUT).ifPresent(s -> config.heartbeatTimeout(Duration.ofSeconds(s)));
    values.find(BLOCK_GRACE).ifPresent(s -> config.blockGrace(Duration.ofSeconds(s)));
    config.keys(keys(values, network));
    values.find(TLS).ifPresent(config::tls);
    values.find(TLS_SAN).ifPresent(config::tlsSans);
    values.find(HOST_CERT_LIFETIME).ifPresent(days -> config.hostCertLifetime(Duration.ofDays(days)));
    Duration heartbeat = values.find(HEARTBEAT_TIMEOUT).map(Duration::ofSeconds)
        .orElse(CoordinatorConfig.defaults().heartbeatTimeout());
    return config.cluster(cluster(values)).http(http(values, heartbeat)).build();
  }

  /** Timeouts and budgets of the HTTP listener (issue 12); the idle timeout must let agents' heartbeats through. */
  private static HttpLimits http(FlagValues values, Duration heartbeatTimeout) {
    HttpLimits limits = HttpLimits.DEFAULTS;
    Duration header = values.find(HEADER_TIMEOUT).map(Duration::ofSeconds).orElse(limits.headerTimeout());
    Duration heartbeatInterval = heartbeatTimeout.dividedBy(3);
    Duration idle = limits.idleTimeout().compareTo(heartbeatTimeout) >= 0 ? limits.idleTimeout() : heartbeatTimeout;
    if (values.given(IDLE_TIMEOUT)) {
      idle = Duration.ofSeconds(values.get(IDLE_TIMEOUT));
      if (idle.compareTo(heartbeatInterval) <= 0) {
        throw values.invalid(IDLE_TIMEOUT, values.text(IDLE_TIMEOUT).orElseThrow(), "more than "
            + heartbeatInterval.toSeconds() + " s, the agents' heartbeat interval (a third of --heartbeat-timeout), "
            + "or agents are cut off");
      }
    }
    Duration register = values.find(REGISTER_TIMEOUT).map(Duration::ofSeconds).orElse(limits.registerTimeout());
    int refused = values.find(REFUSED_BUDGET).orElse(limits.refusedPerMinute());
    int open = values.find(OPEN_BUDGET).orElse(limits.openPerMinute());
    return new HttpLimits(header, idle, register, refused, open);
  }

  /** Encrypted transport (issue 6): the tunnel pool must not overlap the subnet pool. */
  private static KeyConfig keys(FlagValues values, NetworkDefaults defaults) {
    Cidr pool = values.find(TUNNEL_POOL).orElse(KeyConfig.DEFAULTS.tunnelPool());
    for (Cidr subnets : defaults.pools()) {
      if (subnets.overlaps(pool)) {
        throw values.invalid(TUNNEL_POOL, pool.toString(), "a CIDR that does not overlap the subnet pool " + subnets);
      }
    }
    Duration rotation = values.find(PSK_ROTATION).map(Duration::ofSeconds).orElse(KeyConfig.DEFAULTS.pskRotation());
    return new KeyConfig(pool, rotation);
  }

  private static ClusterConfig cluster(FlagValues values) {
    ClusterConfig cluster = ClusterConfig.single();
    if (values.given(CLUSTER_LISTEN)) {
      String listen = values.get(CLUSTER_LISTEN);
      int colon = listen.lastIndexOf(':');
      cluster = cluster.withListen(listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)));
    }
    if (values.given(CLUSTER_MEMBERS)) {
      cluster = cluster.withMembers(values.get(CLUSTER_MEMBERS));
    }
    cluster = cluster.withStore(values.find(STORE).orElse(ClusterConfig.EMBEDDED));
    if (values.given(MASTER_KEY_FILE)) {
      cluster = cluster.withMasterKeyFile(Path.of(values.get(MASTER_KEY_FILE)));
    }
    if (cluster.embedded() && !cluster.members().isEmpty()) {
      throw new ConfigException("--cluster-members: " + String.join(",", cluster.members())
          + " (expected: no members with --store embedded; the embedded store belongs to one member, several "
          + "members share a database: --store postgresql://USER:PASS@HOST:PORT/DB)");
    }
    if (!cluster.members().isEmpty() && cluster.listenHost() == null) {
      throw new ConfigException("--cluster-listen: missing (expected: HOST:PORT of this member, one of "
          + "--cluster-members, when --cluster-members is given)");
    }
    return cluster;
  }
}
