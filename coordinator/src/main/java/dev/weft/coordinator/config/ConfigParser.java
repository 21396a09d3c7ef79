package dev.weft.coordinator.config;

import dev.weft.common.net.Cidr;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.coordinator.keys.KeyConfig;
import dev.weft.common.error.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads {@code --flag VALUE} / {@code --flag=VALUE} arguments, each with a {@code WEFT_FLAG} environment twin; a
 * flag wins over its twin. Every problem is a {@link ConfigException} naming the flag, the value and what was
 * expected.
 */
public final class ConfigParser {
  /** Flag name to its help text; the order is the order of the usage text. */
  private static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("listen", "HOST:PORT of the HTTP API and agent channel (default 0.0.0.0:7700)");
    FLAGS.put("data-dir", "directory for tokens and the embedded database (default ./weft-data)");
    FLAGS.put("subnet-pool", "CIDRs (comma-separated) that network subnets are carved from (default 100.64.0.0/10)");
    FLAGS.put("subnet-prefix", "prefix length of carved subnets (default 24)");
    FLAGS.put("vni-range", "MIN-MAX of allocated VNIs (default 256-4095; Docker's overlay uses 4096 and up)");
    FLAGS.put("block-prefix", "prefix length of per-host address blocks (default 26)");
    FLAGS.put("heartbeat-timeout", "seconds without a message before a host goes down (default 15)");
    FLAGS.put("block-grace", "seconds before blocks of a down host without endpoints are reclaimed (default 300)");
    FLAGS.put("cluster-listen", "HOST:PORT of this member's cluster (Hazelcast) address (default: loopback, any port)");
    FLAGS.put("cluster-members", "HOST:PORT,... of every member to join over TCP/IP (default: none, one member)");
    FLAGS.put("master-key-file", "file of the cluster's master key, the same on every member (default "
        + "<data-dir>/master.key, made when absent)");
    FLAGS.put("tunnel-pool", "CIDR of host tunnel addresses for encrypted networks (default 198.18.0.0/15)");
    FLAGS.put("psk-rotation", "seconds between rotations of each host pair's pre-shared key (default 86400)");
    FLAGS.put("store", "embedded (default; H2 in the data dir, one member) or postgresql://USER:PASS@HOST:PORT/DB");
    FLAGS.put("tls", "true (default): API and agent channel over TLS with the cluster CA; false: plain HTTP, for "
        + "local development only");
    FLAGS.put("tls-san", "extra name or address of this member's server certificate; repeatable, or comma-separated");
    FLAGS.put("header-timeout", "seconds a connection has to send its first complete request head (default 10)");
    FLAGS.put("idle-timeout", "seconds without traffic before a connection is closed; above a third of "
        + "--heartbeat-timeout (default 60, or --heartbeat-timeout when that is larger)");
    FLAGS.put("register-timeout", "seconds an agent WebSocket has to send register (default 10)");
    FLAGS.put("refused-budget", "refused attempts (wrong token, bad join) per client address and minute before 429 "
        + "(default 30; 0: no limit)");
    FLAGS.put("open-budget", "requests to /health, /metrics, /v1/openapi.yaml per client address and minute before "
        + "429 (default 6000; 0: no limit)");
    FLAGS.put("host-cert-lifetime", "days a host certificate is valid; agents renew at two thirds (default 90)");
  }

  private ConfigParser() {
  }

  /** The usage text printed for {@code --help} and after a bad flag. */
  public static String usage() {
    StringBuilder out = new StringBuilder("usage: java -jar weft-coordinator.jar [flags]\n");
    FLAGS.forEach((name, help) -> out.append(String.format("  --%-19s %s%n", name, help))
        .append(String.format("  %-21s   env: %s%n", "", envName(name))));
    return out.toString();
  }

  /**
   * @param args command-line arguments, never null
   * @param env  the environment, never null
   * @throws ConfigException on an unknown flag, a missing value or a value out of range
   */
  public static CoordinatorConfig parse(List<String> args, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : FLAGS.keySet()) {
      String fromEnv = env.get(envName(name));
      if (fromEnv != null && !fromEnv.isBlank()) {
        values.put(name, fromEnv.trim());
      }
    }
    boolean sansFromFlags = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new ConfigException("unexpected argument: " + arg + " (expected: --flag VALUE)");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!FLAGS.containsKey(name)) {
        throw new ConfigException("unknown flag: --" + name + " (expected one of: --" + String.join(", --",
            FLAGS.keySet()) + ")");
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new ConfigException("--" + name + ": missing value");
        }
        value = args.get(++i);
      }
      if (name.equals("tls-san") && values.containsKey(name) && sansFromFlags) {
        value = values.get(name) + "," + value;
      } else if (name.equals("tls-san")) {
        sansFromFlags = true;
      }
      values.put(name, value);
    }
    return build(values);
  }

  private static CoordinatorConfig build(Map<String, String> values) {
    CoordinatorConfig config = CoordinatorConfig.defaults();
    if (values.containsKey("listen")) {
      String listen = values.get("listen");
      int colon = listen.lastIndexOf(':');
      if (colon <= 0) {
        throw bad("listen", listen, "HOST:PORT, like 0.0.0.0:7700");
      }
      config = config.withListen(listen.substring(0, colon), intIn("listen", listen.substring(colon + 1), 0, 65535));
    }
    if (values.containsKey("data-dir")) {
      String dir = values.get("data-dir");
      if (dir.isBlank()) {
        throw bad("data-dir", dir, "a directory path");
      }
      config = config.withDataDir(Path.of(dir));
    }
    try {
      config = config.withNetworkDefaults(NetworkDefaults.parse(values.get("subnet-pool"),
          values.get("subnet-prefix"), values.get("vni-range"), values.get("block-prefix")));
    } catch (ValidationException e) {
      String flag = e.field().equals("pool") ? "subnet-pool" : e.field();
      throw new ConfigException("--" + flag + ": " + Objects.toString(e.value()) + " (expected: " + e.expected() + ")");
    }
    if (values.containsKey("heartbeat-timeout")) {
      config = config.withHeartbeatTimeout(
          Duration.ofSeconds(intIn("heartbeat-timeout", values.get("heartbeat-timeout"), 1, 86400)));
    }
    if (values.containsKey("block-grace")) {
      config = config.withBlockGrace(Duration.ofSeconds(intIn("block-grace", values.get("block-grace"), 0, 31536000)));
    }
    config = config.withKeys(keys(values, config.networkDefaults()));
    if (values.containsKey("tls")) {
      String tls = values.get("tls").trim().toLowerCase(java.util.Locale.ROOT);
      if (!tls.equals("true") && !tls.equals("false")) {
        throw bad("tls", values.get("tls"), "true or false");
      }
      config = config.withTls(tls.equals("true"));
    }
    if (values.containsKey("tls-san")) {
      List<String> sans = new java.util.ArrayList<>();
      for (String san : values.get("tls-san").split(",")) {
        String name = san.trim();
        if (name.isEmpty()) {
          continue;
        }
        if (!name.matches("[A-Za-z0-9.:*-]{1,253}")) {
          throw bad("tls-san", name, "a DNS name or an IP address");
        }
        sans.add(name);
      }
      config = config.withTlsSans(sans);
    }
    if (values.containsKey("host-cert-lifetime")) {
      config = config.withHostCertLifetime(Duration.ofDays(intIn("host-cert-lifetime",
          values.get("host-cert-lifetime"), 1, 3650)));
    }
    return config.withCluster(cluster(values)).withHttp(http(values, config.heartbeatTimeout()));
  }

  /** Timeouts and budgets of the HTTP listener (issue 12); the idle timeout must let agents' heartbeats through. */
  private static HttpLimits http(Map<String, String> values, Duration heartbeatTimeout) {
    HttpLimits limits = HttpLimits.DEFAULTS;
    Duration header = limits.headerTimeout();
    if (values.containsKey("header-timeout")) {
      header = Duration.ofSeconds(intIn("header-timeout", values.get("header-timeout"), 1, 3600));
    }
    Duration heartbeatInterval = heartbeatTimeout.dividedBy(3);
    Duration idle = limits.idleTimeout().compareTo(heartbeatTimeout) >= 0 ? limits.idleTimeout() : heartbeatTimeout;
    if (values.containsKey("idle-timeout")) {
      idle = Duration.ofSeconds(intIn("idle-timeout", values.get("idle-timeout"), 1, 86400));
      if (idle.compareTo(heartbeatInterval) <= 0) {
        throw bad("idle-timeout", values.get("idle-timeout"), "more than " + heartbeatInterval.toSeconds()
            + " s, the agents' heartbeat interval (a third of --heartbeat-timeout), or agents are cut off");
      }
    }
    Duration register = limits.registerTimeout();
    if (values.containsKey("register-timeout")) {
      register = Duration.ofSeconds(intIn("register-timeout", values.get("register-timeout"), 1, 3600));
    }
    int refused = limits.refusedPerMinute();
    if (values.containsKey("refused-budget")) {
      refused = intIn("refused-budget", values.get("refused-budget"), 0, 1_000_000);
    }
    int open = limits.openPerMinute();
    if (values.containsKey("open-budget")) {
      open = intIn("open-budget", values.get("open-budget"), 0, 1_000_000);
    }
    return limits.withTimeouts(header, idle, register).withBudgets(refused, open);
  }

  /** Encrypted transport (issue 6): the tunnel pool must not overlap the subnet pool. */
  private static KeyConfig keys(Map<String, String> values, NetworkDefaults defaults) {
    KeyConfig keys = KeyConfig.DEFAULTS;
    Cidr pool = keys.tunnelPool();
    if (values.containsKey("tunnel-pool")) {
      String text = values.get("tunnel-pool");
      try {
        pool = Cidr.parse(text);
      } catch (IllegalArgumentException e) {
        throw bad("tunnel-pool", text, "an IPv4 CIDR like 198.18.0.0/15");
      }
      if (pool.prefix() > 30) {
        throw bad("tunnel-pool", text, "a prefix of at most /30");
      }
    }
    for (Cidr subnets : defaults.pools()) {
      if (subnets.overlaps(pool)) {
        throw bad("tunnel-pool", pool.toString(), "a CIDR that does not overlap the subnet pool " + subnets);
      }
    }
    Duration rotation = keys.pskRotation();
    if (values.containsKey("psk-rotation")) {
      rotation = Duration.ofSeconds(intIn("psk-rotation", values.get("psk-rotation"), 1, 31536000));
    }
    return new KeyConfig(pool, rotation);
  }

  private static ClusterConfig cluster(Map<String, String> values) {
    ClusterConfig cluster = ClusterConfig.single();
    if (values.containsKey("cluster-listen")) {
      String listen = values.get("cluster-listen");
      cluster = cluster.withListen(host("cluster-listen", listen), port("cluster-listen", listen));
    }
    if (values.containsKey("cluster-members")) {
      java.util.List<String> members = new java.util.ArrayList<>();
      for (String member : values.get("cluster-members").split(",")) {
        String m = member.trim();
        if (!m.isEmpty()) {
          members.add(host("cluster-members", m) + ":" + port("cluster-members", m));
        }
      }
      cluster = cluster.withMembers(members);
    }
    String store = values.getOrDefault("store", ClusterConfig.EMBEDDED).trim();
    String postgres = "postgresql://[^:@/]+:[^@]*@[^:/]+(:\\d+)?/[^/?]+(\\?[^ ]*)?";
    if (!store.equals(ClusterConfig.EMBEDDED) && !store.matches(postgres)) {
      throw bad("store", store.replaceAll(":[^:@/]*@", ":***@"),
          "embedded, or postgresql://USER:PASS@HOST:PORT/DB");
    }
    cluster = cluster.withStore(store);
    if (values.containsKey("master-key-file")) {
      String file = values.get("master-key-file");
      if (file.isBlank()) {
        throw bad("master-key-file", file, "a file path");
      }
      cluster = cluster.withMasterKeyFile(Path.of(file));
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

  private static String host(String flag, String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw bad(flag, hostPort, "HOST:PORT, like 10.0.0.1:5701");
    }
    return hostPort.substring(0, colon);
  }

  private static int port(String flag, String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw bad(flag, hostPort, "HOST:PORT, like 10.0.0.1:5701");
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(flag, hostPort, "HOST:PORT with a port 1..65535");
  }

  private static int intIn(String flag, String text, int min, int max) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the expected range
    }
    throw bad(flag, text, "an integer " + min + ".." + max);
  }

  private static ConfigException bad(String flag, String value, String expected) {
    return new ConfigException("--" + flag + ": " + value + " (expected: " + expected + ")");
  }

  static String envName(String flag) {
    return "WEFT_" + flag.toUpperCase().replace('-', '_');
  }
}
