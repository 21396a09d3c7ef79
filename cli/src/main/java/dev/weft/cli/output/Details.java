package dev.weft.cli.output;

import java.util.ArrayList;
import java.util.List;

/** {@code label: value} lines with the values aligned, for {@code inspect}. A null or empty value shows as -. */
public final class Details {
  private final List<String[]> lines = new ArrayList<>();

  public Details add(String label, Object value) {
    lines.add(new String[] {label + ":", Table.cell(value)});
    return this;
  }

  public String render() {
    int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0);
    StringBuilder out = new StringBuilder();
    for (String[] line : lines) {
      out.append(line[0]).append(" ".repeat(width - line[0].length() + 1)).append(line[1]).append('\n');
    }
    return out.toString();
  }
}
