package dev.weft.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the CLI reads from its process, passed in so that tests run it in-process with their own.
 *
 * @param env  environment variables, never null
 * @param home the user's home directory (for {@code ~/.config/weft/config})
 * @param cwd  the working directory (for a relative {@code --config} and {@code ./weft-data/admin-token})
 */
public record CliEnvironment(Map<String, String> env, Path home, Path cwd) {
  public CliEnvironment {
    env = Map.copyOf(env);
    home = home.toAbsolutePath();
    cwd = cwd.toAbsolutePath();
  }

  /** This process's environment, {@code user.home} and {@code user.dir}. */
  public static CliEnvironment system() {
    return new CliEnvironment(System.getenv(), Path.of(System.getProperty("user.home")),
        Path.of(System.getProperty("user.dir")));
  }

  /** The variable's value, or null when it is unset or blank. */
  public String get(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
