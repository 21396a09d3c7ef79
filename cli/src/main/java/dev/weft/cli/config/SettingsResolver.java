package dev.weft.cli.config;

import dev.weft.cli.CliEnvironment;
import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Decides {@link Settings}: each of coordinator and token comes from the first of its flag, its environment
 * variable ({@code WEFT_COORDINATOR}, {@code WEFT_TOKEN}), the config file, and the default
 * ({@code https://127.0.0.1:7700}; the token in {@code ./weft-data/admin-token} when that file is readable, which is
 * where a coordinator started in the same directory writes it). The CA certificate an https coordinator is checked
 * against comes the same way: {@code --ca-cert}, {@code WEFT_CA_CERT}, {@code ca-cert=} in the config file, else
 * {@code ./weft-data/ca.pem} when readable, else the JDK's trusted CAs.
 *
 * <p>The config file is {@code --config FILE}, else {@code WEFT_CONFIG}, else
 * {@code $XDG_CONFIG_HOME/weft/config} or {@code ~/.config/weft/config} when it exists. A file named by flag or
 * variable must exist.
 */
public final class SettingsResolver {
  public static final String DEFAULT_COORDINATOR = "https://127.0.0.1:7700";
  static final Path DEFAULT_TOKEN_FILE = Path.of("weft-data", "admin-token");
  static final Path DEFAULT_CA_FILE = Path.of("weft-data", "ca.pem");

  private final CliEnvironment environment;

  public SettingsResolver(CliEnvironment environment) {
    this.environment = environment;
  }

  /**
   * @param flagCoordinator {@code --coordinator}, or null
   * @param flagToken       {@code --token}, or null
   * @param flagConfig      {@code --config}, or null
   * @throws CliException ({@link ExitCodes#USAGE}) for a malformed URL or an unreadable or malformed config file
   */
  public Settings resolve(String flagCoordinator, String flagToken, Path flagConfig) {
    return resolve(flagCoordinator, flagToken, flagConfig, null);
  }

  /**
   * @param flagCaCert {@code --ca-cert}, or null
   * @throws CliException ({@link ExitCodes#USAGE}) also for a CA file named that is not readable
   */
  public Settings resolve(String flagCoordinator, String flagToken, Path flagConfig, Path flagCaCert) {
    Map<String, String> file = Map.of();
    String fileName = null;
    Path configPath = configPath(flagConfig);
    if (configPath != null) {
      fileName = configPath.toString();
      file = ConfigFile.parse(fileName, read(configPath));
    }

    String coordinator = DEFAULT_COORDINATOR;
    String coordinatorSource = "default";
    if (blankToNull(flagCoordinator) != null) {
      coordinator = flagCoordinator.trim();
      coordinatorSource = "--coordinator";
    } else if (environment.get("WEFT_COORDINATOR") != null) {
      coordinator = environment.get("WEFT_COORDINATOR");
      coordinatorSource = "WEFT_COORDINATOR";
    } else if (file.containsKey("coordinator")) {
      coordinator = file.get("coordinator");
      coordinatorSource = fileName;
    }

    String token = null;
    String tokenSource = null;
    if (blankToNull(flagToken) != null) {
      token = flagToken.trim();
      tokenSource = "--token";
    } else if (environment.get("WEFT_TOKEN") != null) {
      token = environment.get("WEFT_TOKEN");
      tokenSource = "WEFT_TOKEN";
    } else if (file.containsKey("token")) {
      token = file.get("token");
      tokenSource = fileName;
    } else {
      Path defaultToken = environment.cwd().resolve(DEFAULT_TOKEN_FILE);
      token = readIfReadable(defaultToken);
      tokenSource = token == null ? null : defaultToken.toString();
    }
    Path caCert = null;
    String caSource = null;
    if (flagCaCert != null) {
      caCert = mustBeReadable(environment.cwd().resolve(flagCaCert), "--ca-cert");
      caSource = "--ca-cert";
    } else if (environment.get("WEFT_CA_CERT") != null) {
      caCert = mustBeReadable(environment.cwd().resolve(environment.get("WEFT_CA_CERT")), "WEFT_CA_CERT");
      caSource = "WEFT_CA_CERT";
    } else if (file.containsKey("ca-cert")) {
      caCert = mustBeReadable(environment.cwd().resolve(file.get("ca-cert")), fileName);
      caSource = fileName;
    } else if (Files.isReadable(environment.cwd().resolve(DEFAULT_CA_FILE))) {
      caCert = environment.cwd().resolve(DEFAULT_CA_FILE);
      caSource = caCert.toString();
    }
    return new Settings(coordinatorUri(coordinator, coordinatorSource), coordinatorSource, token, tokenSource,
        caCert, caSource);
  }

  private static Path mustBeReadable(Path path, String source) {
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new CliException(ExitCodes.USAGE, "CA certificate from " + source + ": " + path
          + " (expected: a readable PEM file, the coordinator's ca.pem)");
    }
    return path;
  }

  private Path configPath(Path flagConfig) {
    if (flagConfig != null) {
      return mustExist(environment.cwd().resolve(flagConfig), "--config");
    }
    if (environment.get("WEFT_CONFIG") != null) {
      return mustExist(environment.cwd().resolve(environment.get("WEFT_CONFIG")), "WEFT_CONFIG");
    }
    String xdg = environment.get("XDG_CONFIG_HOME");
    Path base = xdg != null ? Path.of(xdg) : environment.home().resolve(".config");
    Path path = base.resolve("weft").resolve("config");
    return Files.isRegularFile(path) ? path : null;
  }

  private static Path mustExist(Path path, String source) {
    if (!Files.isRegularFile(path)) {
      throw new CliException(ExitCodes.USAGE, source + ": " + path + " (expected: a readable config file)");
    }
    return path;
  }

  private static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(ExitCodes.USAGE, "cannot read config file " + path + ": " + e.getMessage(), e);
    }
  }

  private static String readIfReadable(Path path) {
    try {
      return blankToNull(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /**
   * The coordinator's base URL: {@code https://} is assumed when no scheme is given, trailing slashes go.
   *
   * @throws CliException ({@link ExitCodes#USAGE}) naming the source and value when it is not an http(s) URL
   */
  static URI coordinatorUri(String value, String source) {
    String text = value.strip();
    String candidate = text.contains("://") ? text : "https://" + text;
    while (candidate.endsWith("/")) {
      candidate = candidate.substring(0, candidate.length() - 1);
    }
    try {
      URI uri = new URI(candidate);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getQuery() == null
          && uri.getFragment() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below with what was expected
    }
    throw new CliException(ExitCodes.USAGE,
        "coordinator from " + source + ": \"" + text + "\" (expected: a URL like https://HOST:7700)");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
