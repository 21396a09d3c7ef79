package dev.weft.cli.commands;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.weft.cli.CliEnvironment;
import dev.weft.cli.config.SettingsResolver;
import dev.weft.cli.http.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code weft}: the global options and what every subcommand shares (settings, API client, JSON mapper). */
@Command(name = "weft", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    versionProvider = WeftCommand.Version.class, sortOptions = false, usageHelpWidth = 100,
    description = "Drive a Weft coordinator: overlay networks, hosts, Swarm services and the join token.",
    subcommands = {NetworkCommand.class, HostCommand.class, ServiceCommand.class, JoinTokenCommand.class,
        CaCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%n", footer = {
        "Each of coordinator and token comes from its flag, else WEFT_COORDINATOR or WEFT_TOKEN,",
        "else the config file (coordinator=URL and token=TOKEN lines), else the defaults:",
        "https://127.0.0.1:7700 and the token in weft-data/admin-token under the current directory.",
        "",
        "Exit codes:",
        "  0 ok                  3 not found (404)      6 cannot reach the coordinator",
        "  1 refused or failed   4 conflict (409)",
        "  2 usage or config     5 unauthorized (401, 403)"})
public final class WeftCommand extends GroupCommand {
  @Option(names = "--coordinator", paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "coordinator base URL (env WEFT_COORDINATOR; default https://127.0.0.1:7700)")
  String coordinator;

  @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
      description = "admin token (env WEFT_TOKEN; default: weft-data/admin-token under the current directory)")
  String token;

  @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "config file (env WEFT_CONFIG; default: $HOME/.config/weft/config)")
  Path config;

  @Option(names = "--ca-cert", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "CA certificate the coordinator's TLS certificate must be signed by: its ca.pem (env WEFT_CA_CERT; "
          + "default: weft-data/ca.pem under the current directory when readable)")
  Path caCert;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "print the coordinator's JSON instead of tables")
  boolean json;

  private final CliEnvironment environment;
  private final ObjectMapper mapper = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public WeftCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  boolean json() {
    return json;
  }

  private ApiClient api;

  /** The client for the resolved settings, made on first use; resolving may fail with a usage error (exit 2). */
  ApiClient api() {
    if (api == null) {
      api = new ApiClient(new SettingsResolver(environment).resolve(coordinator, token, config, caCert), mapper,
          Version.version());
    }
    return api;
  }

  /** The version from the build ({@code version.properties} filtered by Maven). */
  public static final class Version implements CommandLine.IVersionProvider {
    static String version() {
      Properties properties = new Properties();
      try (InputStream in = WeftCommand.class.getResourceAsStream("/dev/weft/cli/version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      } catch (IOException e) {
        // fall through to "unknown"
      }
      return properties.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
      return new String[] {"weft " + version()};
    }
  }
}
