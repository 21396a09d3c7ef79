package dev.weft.agent;

import dev.weft.common.net.Ipv4;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The agent's configuration, parsed from flags with {@code WEFT_*} environment twins (a flag wins over its twin).
 *
 * @param coordinators      coordinator base URLs ({@code http(s)://host:port}), tried in order
 * @param joinToken         bearer token for the agent channel; null only with {@code cleanup}
 * @param dockerHost        docker-java host URL, e.g. {@code unix:///var/run/docker.sock}
 * @param hostId            this host's stable id
 * @param stateDir          where blocks, endpoints, the catalog and tables are kept across restarts
 * @param underlayInterface interface whose address is the VXLAN source, or null
 * @param underlayAddress   the VXLAN source address, or null (then: the interface's, or the default route's)
 * @param vxlanPort         UDP port of Weft's VXLAN devices
 * @param wireguardPort     UDP port of this host's WireGuard interface (encrypted networks); peers learn it
 * @param resyncSeconds     interval of the full reconcile and the inventory check
 * @param cleanup           remove everything Weft made on this host and exit
 * @param tls               verify the coordinator against the CA fingerprint of the join token and use a host
 *                          certificate (issue 6); false: plain HTTP with the join token, for local development only
 */
public record AgentConfig(List<URI> coordinators, String joinToken, String dockerHost, String hostId, Path stateDir,
                          String underlayInterface, String underlayAddress, int vxlanPort, int wireguardPort,
                          int resyncSeconds, boolean cleanup, boolean tls) {

  public static final int DEFAULT_COORDINATOR_PORT = 7700;
  public static final int DEFAULT_VXLAN_PORT = 4800;
  /** WireGuard's standard port. */
  public static final int DEFAULT_WIREGUARD_PORT = 51820;

  private static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** Flag name (without {@code --}) to whether it takes a value. Order is the usage order. */
  private static final Map<String, Boolean> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("coordinator", true);
    FLAGS.put("join-token", true);
    FLAGS.put("docker-host", true);
    FLAGS.put("host-id", true);
    FLAGS.put("state-dir", true);
    FLAGS.put("underlay-interface", true);
    FLAGS.put("underlay-address", true);
    FLAGS.put("vxlan-port", true);
    FLAGS.put("wireguard-port", true);
    FLAGS.put("resync-interval", true);
    FLAGS.put("tls", false);
    FLAGS.put("cleanup", false);
    FLAGS.put("help", false);
  }

  public AgentConfig {
    coordinators = List.copyOf(coordinators);
  }

  /** Thrown for bad flags or environment; the message is for the operator, naming the flag, value and expectation. */
  public static final class ConfigException extends Exception {
    public ConfigException(String message) {
      super(message);
    }
  }

  /** {@code --help} was given. */
  public static final class HelpRequested extends Exception {
    public HelpRequested() {
      super(usage());
    }
  }

  public static AgentConfig parse(String[] args, Map<String, String> env) throws ConfigException, HelpRequested {
    return parse(args, env, AgentConfig::readMachineId);
  }

  /**
   * @param machineId default host id when neither {@code --host-id} nor {@code WEFT_HOST_ID} is given; returns null
   *                  when there is none
   */
  public static AgentConfig parse(String[] args, Map<String, String> env, Supplier<String> machineId)
      throws ConfigException, HelpRequested {
    Map<String, String> given = new LinkedHashMap<>();
    for (Map.Entry<String, Boolean> flag : FLAGS.entrySet()) {
      String twin = "WEFT_" + flag.getKey().toUpperCase(Locale.ROOT).replace('-', '_');
      String value = env.get(twin);
      if (value != null && !value.isBlank()) {
        given.put(flag.getKey(), value.trim());
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new ConfigException("unexpected argument: '" + arg + "' (flags start with --; see --help)");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Boolean takesValue = FLAGS.get(name);
      if (takesValue == null) {
        throw new ConfigException("unknown flag: --" + name + " (see --help)");
      }
      if (takesValue && value == null) {
        if (i + 1 >= args.length) {
          throw new ConfigException("--" + name + ": missing value");
        }
        value = args[++i];
      }
      if (!takesValue) {
        value = value == null ? "true" : value;
      }
      given.put(name, value);
    }
    if (bool(given, "help")) {
      throw new HelpRequested();
    }
    boolean cleanup = bool(given, "cleanup");

    List<URI> coordinators = new ArrayList<>();
    String coordinatorList = given.get("coordinator");
    if (coordinatorList != null) {
      for (String part : coordinatorList.split(",")) {
        if (!part.isBlank()) {
          coordinators.add(coordinatorUri(part.trim()));
        }
      }
    }
    String token = given.get("join-token");

    String dockerHost = given.getOrDefault("docker-host", "unix:///var/run/docker.sock");
    if (!(dockerHost.startsWith("unix://") || dockerHost.startsWith("tcp://") || dockerHost.startsWith("npipe://"))) {
      throw new ConfigException("--docker-host: '" + dockerHost + "' (expected: unix:///path or tcp://host:port)");
    }

    String hostId = given.get("host-id");
    if (hostId == null) {
      hostId = machineId.get();
      if (hostId == null || hostId.isBlank()) {
        throw new ConfigException("--host-id: missing and /etc/machine-id is unreadable (pass --host-id or WEFT_HOST_ID)");
      }
      hostId = hostId.trim();
    }
    if (!HOST_ID.matcher(hostId).matches()) {
      throw new ConfigException("--host-id: '" + hostId + "' (expected: 1-64 of letters, digits, '.', '_', '-')");
    }

    String stateDir = given.getOrDefault("state-dir", "/var/lib/weft");
    if (stateDir.isBlank()) {
      throw new ConfigException("--state-dir: empty (expected: a directory path)");
    }

    String underlayInterface = given.get("underlay-interface");
    String underlayAddress = given.get("underlay-address");
    if (underlayInterface != null && underlayAddress != null) {
      throw new ConfigException("--underlay-interface and --underlay-address: give one, not both");
    }
    if (underlayAddress != null && !isIpv4(underlayAddress)) {
      throw new ConfigException("--underlay-address: '" + underlayAddress + "' (expected: an IPv4 address such as 10.77.0.1)");
    }
    if (underlayInterface != null && (underlayInterface.isBlank() || underlayInterface.length() > 15
        || underlayInterface.contains("/"))) {
      throw new ConfigException("--underlay-interface: '" + underlayInterface + "' (expected: an interface name such as eth0)");
    }

    int vxlanPort = intFlag(given, "vxlan-port", DEFAULT_VXLAN_PORT, 1, 65535);
    int wireguardPort = intFlag(given, "wireguard-port", DEFAULT_WIREGUARD_PORT, 1, 65535);
    if (wireguardPort == vxlanPort) {
      throw new ConfigException("--wireguard-port: " + wireguardPort + " (expected: a UDP port other than "
          + "--vxlan-port's)");
    }
    int resync = intFlag(given, "resync-interval", 30, 1, 3600);
    boolean tls = !given.containsKey("tls") || bool(given, "tls");
    for (URI uri : coordinators) {
      if (tls != "https".equals(uri.getScheme())) {
        throw new ConfigException("--coordinator: '" + uri + "' (expected: " + (tls ? "https://host:port: TLS is on; "
            + "--tls=false for a coordinator that runs without TLS" : "http://host:port with --tls=false") + ")");
      }
    }
    // Missing values last, so that a malformed value given is what the operator hears about first.
    if (coordinators.isEmpty() && !cleanup) {
      throw new ConfigException("--coordinator: missing (expected: http(s)://host:port[,…], or WEFT_COORDINATOR)");
    }
    if ((token == null || token.isBlank()) && !cleanup && !(tls && hasCredential(Path.of(stateDir)))) {
      throw new ConfigException("--join-token: missing (expected: the coordinator's join token, or WEFT_JOIN_TOKEN)");
    }
    return new AgentConfig(coordinators, token, dockerHost, hostId, Path.of(stateDir), underlayInterface,
        underlayAddress, vxlanPort, wireguardPort, resync, cleanup, tls);
  }

  /** A host that joined already needs no join token: it has its certificate (issue 6). */
  private static boolean hasCredential(Path stateDir) {
    return Files.exists(stateDir.resolve("host.pem")) && Files.exists(stateDir.resolve("host-key.pem"));
  }

  /** {@code http://host:port} or {@code https://…} (also {@code ws}/{@code wss}); no port means 7700. */
  static URI coordinatorUri(String text) throws ConfigException {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new ConfigException("--coordinator: '" + text + "' (expected: http(s)://host:port)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https") || scheme.equals("ws") || scheme.equals("wss"))
        || uri.getHost() == null) {
      throw new ConfigException("--coordinator: '" + text + "' (expected: http(s)://host:port)");
    }
    int port = uri.getPort() == -1 ? DEFAULT_COORDINATOR_PORT : uri.getPort();
    String secure = scheme.equals("https") || scheme.equals("wss") ? "https" : "http";
    return URI.create(secure + "://" + uri.getRawAuthority().replaceFirst(":\\d+$", "") + ":" + port);
  }

  private static boolean bool(Map<String, String> given, String name) throws ConfigException {
    String v = given.get(name);
    if (v == null) {
      return false;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no", "" -> false;
      default -> throw new ConfigException("--" + name + ": '" + v + "' (expected: true or false)");
    };
  }

  private static int intFlag(Map<String, String> given, String name, int dflt, int min, int max)
      throws ConfigException {
    String v = given.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException("--" + name + ": '" + v + "' (expected: an integer " + min + ".." + max + ")");
    }
  }

  private static boolean isIpv4(String text) {
    try {
      Ipv4.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static String readMachineId() {
    try {
      return Files.readString(Path.of("/etc/machine-id")).trim();
    } catch (IOException e) {
      return null;
    }
  }

  public static String usage() {
    return """
        Usage: java -jar weft-agent.jar [flags]   (every flag has a WEFT_* environment twin)
          --coordinator URL[,URL…]   coordinator members, https://host:port (port 7700 if omitted);
                                     tried in order, failing over with backoff          WEFT_COORDINATOR
          --join-token T             the coordinator's join token (WEFT1-<CA sha256>-<secret>); needed
                                     once: the host then keeps its certificate in the state dir WEFT_JOIN_TOKEN
          --tls=false                plain HTTP with the join token (local development only) WEFT_TLS
          --docker-host URL          Docker engine (default unix:///var/run/docker.sock) WEFT_DOCKER_HOST
          --host-id ID               stable host id (default: /etc/machine-id)           WEFT_HOST_ID
          --state-dir DIR            agent state (default /var/lib/weft)                 WEFT_STATE_DIR
          --underlay-interface IF    VXLAN source interface (default: the default route's)  WEFT_UNDERLAY_INTERFACE
          --underlay-address IP      VXLAN source address (instead of --underlay-interface) WEFT_UNDERLAY_ADDRESS
          --vxlan-port N             VXLAN UDP port (default 4800; Docker's overlay uses 4789) WEFT_VXLAN_PORT
          --wireguard-port N         WireGuard UDP port for encrypted networks (default 51820) WEFT_WIREGUARD_PORT
          --resync-interval S        full reconcile and inventory check, seconds (default 30) WEFT_RESYNC_INTERVAL
          --cleanup                  remove everything Weft made on this host, then exit WEFT_CLEANUP
          --help                     this text
        """;
  }
}
