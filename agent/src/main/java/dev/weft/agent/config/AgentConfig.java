package dev.weft.agent.config;

import static dev.weft.agent.config.AgentFlags.CLEANUP;
import static dev.weft.agent.config.AgentFlags.COORDINATOR;
import static dev.weft.agent.config.AgentFlags.DOCKER_HOST;
import static dev.weft.agent.config.AgentFlags.HELP;
import static dev.weft.agent.config.AgentFlags.HOST_ID;
import static dev.weft.agent.config.AgentFlags.JOIN_TOKEN;
import static dev.weft.agent.config.AgentFlags.PLUGIN_SOCKET;
import static dev.weft.agent.config.AgentFlags.RESYNC_INTERVAL;
import static dev.weft.agent.config.AgentFlags.STATE_DIR;
import static dev.weft.agent.config.AgentFlags.TLS;
import static dev.weft.agent.config.AgentFlags.UNDERLAY_ADDRESS;
import static dev.weft.agent.config.AgentFlags.UNDERLAY_INTERFACE;
import static dev.weft.agent.config.AgentFlags.VXLAN_PORT;
import static dev.weft.agent.config.AgentFlags.WIREGUARD_PORT;

import dev.weft.common.flags.FlagException;
import dev.weft.common.flags.FlagValues;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

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
 * @param pluginSocket      where the Docker network and IPAM driver {@code weft} listens (issue 14); null for none
 * @param cleanup           remove everything Weft made on this host and exit
 * @param tls               verify the coordinator against the CA fingerprint of the join token and use a host
 *                          certificate (issue 6); false: plain HTTP with the join token, for local development only
 */
public record AgentConfig(List<URI> coordinators, String joinToken, String dockerHost, String hostId, Path stateDir,
                          String underlayInterface, String underlayAddress, int vxlanPort, int wireguardPort,
                          int resyncSeconds, Path pluginSocket, boolean cleanup, boolean tls) {

  public static final int DEFAULT_COORDINATOR_PORT = 7700;
  public static final int DEFAULT_VXLAN_PORT = 4800;
  /** WireGuard's standard port. */
  public static final int DEFAULT_WIREGUARD_PORT = 51820;
  /** Where dockerd looks for a plugin named {@code weft}. */
  public static final String DEFAULT_PLUGIN_SOCKET = "/run/docker/plugins/weft.sock";
  /** The value of {@code --plugin-socket} that turns the Docker driver off. */
  public static final String OFF = "off";

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
    try {
      return parse(AgentFlags.TABLE.parse(List.of(args), env), machineId);
    } catch (FlagException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static AgentConfig parse(FlagValues given, Supplier<String> machineId)
      throws ConfigException, HelpRequested {
    if (given.get(HELP)) {
      throw new HelpRequested();
    }
    boolean cleanup = given.get(CLEANUP);
    List<URI> coordinators = new ArrayList<>();
    for (String part : given.text(COORDINATOR).orElse("").split(",")) {
      if (!part.isBlank()) {
        coordinators.add(coordinatorUri(part.trim()));
      }
    }
    String token = given.get(JOIN_TOKEN);
    String dockerHost = given.get(DOCKER_HOST);
    String hostId = given.get(HOST_ID);
    if (hostId == null) {
      String fromMachine = machineId.get();
      if (fromMachine == null || fromMachine.isBlank()) {
        throw new ConfigException("--host-id: missing and /etc/machine-id is unreadable (pass --host-id or WEFT_HOST_ID)");
      }
      hostId = given.parse(HOST_ID, fromMachine.trim());
    }
    String stateDir = given.get(STATE_DIR);
    if (stateDir.isBlank()) {
      throw new ConfigException("--state-dir: empty (expected: a directory path)");
    }
    if (given.given(UNDERLAY_INTERFACE) && given.given(UNDERLAY_ADDRESS)) {
      throw new ConfigException("--underlay-interface and --underlay-address: give one, not both");
    }
    String underlayAddress = given.get(UNDERLAY_ADDRESS);
    String underlayInterface = given.get(UNDERLAY_INTERFACE);
    int vxlanPort = given.get(VXLAN_PORT);
    int wireguardPort = given.get(WIREGUARD_PORT);
    if (wireguardPort == vxlanPort) {
      throw new ConfigException("--wireguard-port: " + wireguardPort + " (expected: a UDP port other than "
          + "--vxlan-port's)");
    }
    int resync = given.get(RESYNC_INTERVAL);
    String plugin = given.get(PLUGIN_SOCKET);
    Path pluginSocket = OFF.equals(plugin) ? null : Path.of(plugin);
    boolean tls = given.get(TLS);
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
        underlayAddress, vxlanPort, wireguardPort, resync, pluginSocket, cleanup, tls);
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

  public static String readMachineId() {
    try {
      return Files.readString(Path.of("/etc/machine-id")).trim();
    } catch (IOException e) {
      return null;
    }
  }

  /** The usage text, made from {@link AgentFlags#TABLE}. */
  public static String usage() {
    return AgentFlags.TABLE.usage();
  }
}
