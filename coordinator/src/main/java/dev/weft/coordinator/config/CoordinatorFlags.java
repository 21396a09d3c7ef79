package dev.weft.coordinator.config;

import dev.weft.common.flags.Flag;
import dev.weft.common.flags.FlagTable;
import dev.weft.common.flags.InvalidValue;
import dev.weft.common.flags.Parsers;
import dev.weft.common.net.Cidr;
import dev.weft.common.validation.NetworkDefaults;
import java.util.ArrayList;
import java.util.List;

/** The coordinator's flags, each with its {@code WEFT_*} twin: the one table that parses them and makes the usage. */
public final class CoordinatorFlags {
  private static final NetworkDefaults NETWORK = NetworkDefaults.DEFAULTS;

  static final Flag<String> LISTEN = Flag.value("listen", Parsers.text()).metavar("HOST:PORT")
      .help("HTTP API and agent channel").shownDefault("0.0.0.0:7700").build();
  static final Flag<String> DATA_DIR = Flag.value("data-dir", Parsers.text(d -> !d.isBlank(), "a directory path"))
      .metavar("DIR").help("tokens and the embedded database").shownDefault("./weft-data").build();
  static final Flag<String> SUBNET_POOL = Flag.value("subnet-pool", Parsers.text()).metavar("CIDR[,CIDR…]")
      .help("where network subnets are carved from").shownDefault(NETWORK.poolsText()).build();
  static final Flag<String> SUBNET_PREFIX = Flag.value("subnet-prefix", Parsers.text()).metavar("N")
      .help("prefix length of carved subnets").shownDefault(String.valueOf(NETWORK.subnetPrefix())).build();
  static final Flag<String> VNI_RANGE = Flag.value("vni-range", Parsers.text()).metavar("MIN-MAX")
      .help("allocated VNIs; Docker's overlay uses 4096 and up").shownDefault(NETWORK.vnis().toString()).build();
  static final Flag<String> BLOCK_PREFIX = Flag.value("block-prefix", Parsers.text()).metavar("N")
      .help("prefix length of per-host address blocks").shownDefault(String.valueOf(NETWORK.blockPrefix())).build();
  static final Flag<Integer> HEARTBEAT_TIMEOUT = Flag.value("heartbeat-timeout", Parsers.intIn(1, 86400))
      .metavar("S").help("seconds without a message before a host goes down").shownDefault("15").build();
  static final Flag<Integer> BLOCK_GRACE = Flag.value("block-grace", Parsers.intIn(0, 31536000)).metavar("S")
      .help("seconds before blocks of a down host without endpoints are reclaimed").shownDefault("300").build();
  static final Flag<String> CLUSTER_LISTEN = Flag.value("cluster-listen", hostPort()).metavar("HOST:PORT")
      .help("this member's cluster (Hazelcast) address").shownDefault("loopback, any port").build();
  static final Flag<List<String>> CLUSTER_MEMBERS = Flag.value("cluster-members", members())
      .metavar("HOST:PORT,…").help("every member to join over TCP/IP").shownDefault("none").build();
  static final Flag<String> MASTER_KEY_FILE = Flag.value("master-key-file",
          Parsers.text(f -> !f.isBlank(), "a file path")).metavar("PATH")
      .help("the cluster's master key, the same on every member; made when absent")
      .shownDefault("<data-dir>/master.key").build();
  static final Flag<Cidr> TUNNEL_POOL = Flag.value("tunnel-pool", tunnelPool()).metavar("CIDR")
      .help("host tunnel addresses for encrypted networks").shownDefault("198.18.0.0/15").build();
  static final Flag<Integer> PSK_ROTATION = Flag.value("psk-rotation", Parsers.intIn(1, 31536000)).metavar("S")
      .help("seconds between rotations of each host pair's pre-shared key").shownDefault("86400").build();
  static final Flag<String> STORE = Flag.value("store", store()).metavar("URL")
      .help("embedded (H2 in the data dir, one member) or postgresql://USER:PASS@HOST:PORT/DB")
      .secret(url -> url.replaceAll(":[^:@/]*@", ":***@")).shownDefault(ClusterConfig.EMBEDDED).build();
  static final Flag<Boolean> TLS = Flag.value("tls", Parsers.strictBool()).metavar("BOOL")
      .help("API and agent channel over TLS with the cluster CA; false: plain HTTP, for local development only")
      .shownDefault("true").build();
  static final Flag<List<String>> TLS_SAN = Flag.value("tls-san", sans()).metavar("NAME").repeatable()
      .help("extra name or address of this member's server certificate; repeatable, or comma-separated")
      .shownDefault("none").build();
  static final Flag<Integer> HEADER_TIMEOUT = Flag.value("header-timeout", Parsers.intIn(1, 3600)).metavar("S")
      .help("seconds a connection has to send its first complete request head").shownDefault("10").build();
  static final Flag<Integer> IDLE_TIMEOUT = Flag.value("idle-timeout", Parsers.intIn(1, 86400)).metavar("S")
      .help("seconds without traffic before a connection is closed; above a third of --heartbeat-timeout")
      .shownDefault("60, or --heartbeat-timeout when larger").build();
  static final Flag<Integer> REGISTER_TIMEOUT = Flag.value("register-timeout", Parsers.intIn(1, 3600)).metavar("S")
      .help("seconds an agent WebSocket has to send register").shownDefault("10").build();
  static final Flag<Integer> REFUSED_BUDGET = Flag.value("refused-budget", Parsers.intIn(0, 1_000_000))
      .metavar("N").help("refused attempts (wrong token, bad join) per client address and minute before 429; "
          + "0: no limit").shownDefault("30").build();
  static final Flag<Integer> OPEN_BUDGET = Flag.value("open-budget", Parsers.intIn(0, 1_000_000)).metavar("N")
      .help("requests to /health, /metrics, /v1/openapi.yaml per client address and minute before 429; "
          + "0: no limit").shownDefault("6000").build();
  static final Flag<Integer> HOST_CERT_LIFETIME = Flag.value("host-cert-lifetime", Parsers.intIn(1, 3650))
      .metavar("DAYS").help("days a host certificate is valid; agents renew at two thirds").shownDefault("90").build();

  /** In the order of the usage text. */
  public static final FlagTable TABLE = new FlagTable("usage: java -jar weft-coordinator.jar [flags]",
      new FlagTable.Style(false, "expected: --flag VALUE", null),
      List.of(LISTEN, DATA_DIR, SUBNET_POOL, SUBNET_PREFIX, VNI_RANGE, BLOCK_PREFIX, HEARTBEAT_TIMEOUT, BLOCK_GRACE,
          CLUSTER_LISTEN, CLUSTER_MEMBERS, MASTER_KEY_FILE, TUNNEL_POOL, PSK_ROTATION, STORE, TLS, TLS_SAN,
          HEADER_TIMEOUT, IDLE_TIMEOUT, REGISTER_TIMEOUT, REFUSED_BUDGET, OPEN_BUDGET, HOST_CERT_LIFETIME));

  private CoordinatorFlags() {
  }

  /** HOST:PORT with a port 1..65535. */
  private static dev.weft.common.flags.ValueParser<String> hostPort() {
    return text -> {
      int colon = text.lastIndexOf(':');
      if (colon <= 0) {
        throw new InvalidValue(text, "HOST:PORT, like 10.0.0.1:5701");
      }
      try {
        int port = Integer.parseInt(text.substring(colon + 1));
        if (port >= 1 && port <= 65535) {
          return text.substring(0, colon) + ":" + port;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new InvalidValue(text, "HOST:PORT with a port 1..65535");
    };
  }

  private static dev.weft.common.flags.ValueParser<List<String>> members() {
    return text -> {
      List<String> members = new ArrayList<>();
      for (String member : text.split(",")) {
        String m = member.trim();
        if (!m.isEmpty()) {
          members.add(hostPort().parse(m));
        }
      }
      return members;
    };
  }

  private static dev.weft.common.flags.ValueParser<Cidr> tunnelPool() {
    return text -> {
      Cidr pool;
      try {
        pool = Cidr.parse(text);
      } catch (IllegalArgumentException e) {
        throw new InvalidValue("an IPv4 CIDR like 198.18.0.0/15");
      }
      if (pool.prefix() > 30) {
        throw new InvalidValue("a prefix of at most /30");
      }
      return pool;
    };
  }

  private static dev.weft.common.flags.ValueParser<String> store() {
    String postgres = "postgresql://[^:@/]+:[^@]*@[^:/]+(:\\d+)?/[^/?]+(\\?[^ ]*)?";
    return text -> {
      String store = text.trim();
      if (!store.equals(ClusterConfig.EMBEDDED) && !store.matches(postgres)) {
        throw new InvalidValue(store, "embedded, or postgresql://USER:PASS@HOST:PORT/DB");
      }
      return store;
    };
  }

  private static dev.weft.common.flags.ValueParser<List<String>> sans() {
    return text -> {
      List<String> sans = new ArrayList<>();
      for (String san : text.split(",")) {
        String name = san.trim();
        if (name.isEmpty()) {
          continue;
        }
        if (!name.matches("[A-Za-z0-9.:*-]{1,253}")) {
          throw new InvalidValue(name, "a DNS name or an IP address");
        }
        sans.add(name);
      }
      return sans;
    };
  }
}
