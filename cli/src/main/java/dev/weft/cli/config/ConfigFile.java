package dev.weft.cli.config;

import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The CLI config file: {@code key=value} lines, {@code #} comments and blank lines ignored. Keys: {@code coordinator},
 * {@code token} and {@code ca-cert} (issue 6). An unknown key is an error rather than ignored, so that a typo never
 * silently falls back to a default coordinator.
 */
public final class ConfigFile {
  static final Set<String> KEYS = Set.of("coordinator", "token", "ca-cert");

  private ConfigFile() {
  }

  /**
   * @param source  the file's name, for error messages
   * @param content the file's text, never null
   * @return key to value for every key present (blank values omitted), never null
   * @throws CliException ({@link ExitCodes#USAGE}) naming the file and line of a malformed line or unknown key
   */
  public static Map<String, String> parse(String source, String content) {
    Map<String, String> values = new LinkedHashMap<>();
    String[] lines = content.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new CliException(ExitCodes.USAGE,
            source + ":" + (i + 1) + ": \"" + line + "\" (expected: key=value with key coordinator, token or ca-cert)");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (!KEYS.contains(key)) {
        throw new CliException(ExitCodes.USAGE,
            source + ":" + (i + 1) + ": unknown key \"" + key + "\" (expected: coordinator, token or ca-cert)");
      }
      if (!value.isEmpty()) {
        values.put(key, value);
      }
    }
    return values;
  }
}
