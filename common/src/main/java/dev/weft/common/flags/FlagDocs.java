package dev.weft.common.flags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a Markdown flag table against {@link FlagTable}s. A flag table is a table whose header's first cell is
 * {@code flag}; it may have an {@code env} and a {@code default} column. Each row's first cell names flags as
 * {@code --name…}.
 */
public final class FlagDocs {
  private static final Pattern FLAG_NAME = Pattern.compile("--([a-z0-9][a-z0-9-]*)");

  private FlagDocs() {
  }

  /**
   * The rows of the first flag table after the heading whose text is {@code heading} (any level), or of the first
   * flag table of the document when {@code heading} is null.
   *
   * @return the rows, each a map from header cell (lower case) to cell text with backticks removed; empty when
   *         there is no such table
   */
  public static List<Map<String, String>> table(String markdown, String heading) {
    boolean under = heading == null;
    List<String> header = null;
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : markdown.split("\n", -1)) {
      String trimmed = line.strip();
      if (header == null && trimmed.startsWith("#")) {
        under = heading == null || trimmed.replaceFirst("^#+", "").strip().equals(heading);
      } else if (under && trimmed.startsWith("|")) {
        List<String> cells = cells(trimmed);
        if (header == null && !cells.isEmpty() && cells.get(0).equalsIgnoreCase("flag")) {
          header = cells.stream().map(String::toLowerCase).toList();
        } else if (header != null && !cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
          Map<String, String> row = new LinkedHashMap<>();
          for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i), i < cells.size() ? cells.get(i) : "");
          }
          rows.add(row);
        }
      } else if (header != null) {
        break;
      }
    }
    return rows;
  }

  /**
   * @return what differs between the rows and the documented flags of {@code flags}: a flag missing from the
   *         rows, a row naming an unknown flag, or a twin or default that disagrees; empty when they match
   */
  public static List<String> mismatches(List<Map<String, String>> rows, List<Flag<?>> flags) {
    Map<String, Flag<?>> byName = new LinkedHashMap<>();
    flags.stream().filter(Flag::documented).forEach(f -> byName.put(f.name(), f));
    List<String> problems = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (Map<String, String> row : rows) {
      Matcher m = FLAG_NAME.matcher(row.getOrDefault("flag", ""));
      while (m.find()) {
        Flag<?> flag = byName.get(m.group(1));
        if (flag == null) {
          problems.add("--" + m.group(1) + ": in the table but not in the code");
          continue;
        }
        seen.add(flag.name());
        String env = row.get("env");
        if (env != null && !env.equals(flag.env())) {
          problems.add(flag + ": env " + env + " (expected: " + flag.env() + ")");
        }
        String shown = row.get("default");
        if (shown != null && !defaultAgrees(shown, flag.shownDefault())) {
          problems.add(flag + ": default '" + shown + "' (expected: "
              + (flag.shownDefault() == null ? "none, '—' or 'required…'" : "'" + flag.shownDefault() + "'") + ")");
        }
      }
    }
    byName.keySet().stream().filter(n -> !seen.contains(n))
        .forEach(n -> problems.add("--" + n + ": in the code but not in the table"));
    return problems;
  }

  private static boolean defaultAgrees(String shown, String expected) {
    if (expected == null) {
      return shown.isEmpty() || shown.equals("—") || shown.equals("-") || shown.startsWith("required");
    }
    return shown.equals(expected);
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.endsWith("|") && line.length() > 1 ? line.length() - 1 : line.length());
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
      cells.add(cell.replace("`", "").strip());
    }
    return cells;
  }
}
