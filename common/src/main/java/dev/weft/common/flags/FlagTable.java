package dev.weft.common.flags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An ordered set of {@link Flag}s: parses arguments and environment (a flag beats its twin, a twin beats the
 * default), makes the usage text, and formats every error the same way.
 */
public final class FlagTable {
  private final String header;
  private final Style style;
  private final Map<String, Flag<?>> flags = new LinkedHashMap<>();

  /**
   * How this table's errors read.
   *
   * @param quoteValues    echo values in single quotes ({@code --x: 'v' (expected: …)})
   * @param positionalHint the parenthesis after {@code unexpected argument: …}
   * @param unknownHint    the parenthesis after {@code unknown flag: --x}; null lists every flag
   */
  public record Style(boolean quoteValues, String positionalHint, String unknownHint) {
  }

  /** Results of {@link #extract}: this table's values, and the arguments that were not its flags, in order. */
  public record Extracted(FlagValues values, List<String> rest) {
  }

  /** @param header the first line of the usage text */
  public FlagTable(String header, Style style, List<Flag<?>> flags) {
    this.header = header;
    this.style = style;
    for (Flag<?> flag : flags) {
      if (this.flags.put(flag.name(), flag) != null) {
        throw new IllegalArgumentException("flag name: " + flag.name() + " (expected: once per table)");
      }
    }
  }

  /** In the order of the usage text. */
  public List<Flag<?>> flags() {
    return List.copyOf(flags.values());
  }

  /**
   * @param args command-line arguments, never null
   * @param env  the environment, never null; blank values count as absent, others are trimmed
   * @throws FlagException on a positional argument, an unknown flag or a missing value; values are checked when
   *                       read from the result
   */
  public FlagValues parse(List<String> args, Map<String, String> env) {
    Map<String, String> raw = fromEnv(env);
    List<String> fromFlags = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new FlagException("unexpected argument: " + quote(arg) + " (" + style.positionalHint() + ")");
      }
      i = take(args, i, raw, fromFlags, true);
    }
    return new FlagValues(this, raw);
  }

  /**
   * Takes this table's flags out of {@code args} and leaves every other argument as it is, for another table.
   *
   * @throws FlagException on a missing value
   */
  public Extracted extract(List<String> args, Map<String, String> env) {
    Map<String, String> raw = fromEnv(env);
    List<String> fromFlags = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("--") && flags.containsKey(nameOf(arg))) {
        i = take(args, i, raw, fromFlags, false);
      } else {
        rest.add(arg);
      }
    }
    return new Extracted(new FlagValues(this, raw), List.copyOf(rest));
  }

  /** The usage text: the header (none when empty), then each flag's synopsis, help, default and twin. */
  public String usage() {
    int width = flags.values().stream().mapToInt(f -> f.synopsis().length()).max().orElse(0) + 2;
    StringBuilder out = new StringBuilder(header.isEmpty() ? "" : header + "\n");
    for (Flag<?> flag : flags.values()) {
      String help = flag.help() + (flag.shownDefault() == null ? "" : " (default " + flag.shownDefault() + ")");
      out.append(String.format("  %-" + width + "s%s%n", flag.synopsis(), help.strip()));
      if (flag.documented()) {
        out.append(String.format("  %-" + width + "senv: %s%n", "", flag.env()));
      }
    }
    return out.toString();
  }

  /** {@code --name: value (expected: …)}, with this table's quoting and the flag's mask. */
  public FlagException invalid(Flag<?> flag, String value, String expected) {
    return new FlagException("--" + flag.name() + ": " + quote(flag.masked(value)) + " (expected: " + expected + ")");
  }

  <T> T parse(Flag<T> flag, String text) {
    try {
      return flag.parser().parse(text);
    } catch (InvalidValue e) {
      throw invalid(flag, e.shown() != null ? e.shown() : text, e.expected());
    }
  }

  private Map<String, String> fromEnv(Map<String, String> env) {
    Map<String, String> raw = new LinkedHashMap<>();
    for (Flag<?> flag : flags.values()) {
      String value = env.get(flag.env());
      if (value != null && !value.isBlank()) {
        raw.put(flag.name(), value.trim());
      }
    }
    return raw;
  }

  /** Reads the flag at {@code args[i]} into {@code raw}; returns the index of the last argument used. */
  private int take(List<String> args, int i, Map<String, String> raw, List<String> fromFlags, boolean strict) {
    String arg = args.get(i);
    String name = nameOf(arg);
    int eq = arg.indexOf('=');
    String value = eq >= 0 ? arg.substring(eq + 1) : null;
    Flag<?> flag = flags.get(name);
    if (flag == null) {
      String hint = style.unknownHint() != null ? style.unknownHint()
          : "expected one of: " + flags.keySet().stream().map(n -> "--" + n).collect(Collectors.joining(", "));
      throw new FlagException("unknown flag: --" + name + " (" + hint + ")");
    }
    if (value == null && flag.isSwitch()) {
      value = "true";
    } else if (value == null) {
      if (i + 1 >= args.size()) {
        throw new FlagException("--" + name + ": missing value");
      }
      value = args.get(++i);
    }
    if (flag.repeatable() && fromFlags.contains(name)) {
      value = raw.get(name) + "," + value;
    }
    fromFlags.add(name);
    raw.put(name, value);
    return i;
  }

  private static String nameOf(String arg) {
    int eq = arg.indexOf('=');
    return eq >= 0 ? arg.substring(2, eq) : arg.substring(2);
  }

  private String quote(String value) {
    return style.quoteValues() ? "'" + value + "'" : value;
  }
}
