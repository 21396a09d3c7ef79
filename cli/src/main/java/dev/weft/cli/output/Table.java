package dev.weft.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: a header row and rows, columns left-aligned and three spaces apart, no trailing spaces, like
 * {@code docker network ls}. A null or empty cell shows as {@code -}.
 */
public final class Table {
  static final String GAP = "   ";
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  private Table(String... headers) {
    this.columns = headers.length;
    rows.add(headers.clone());
  }

  public static Table of(String... headers) {
    return new Table(headers);
  }

  /** Adds a row; {@code cells} must have one value per header. */
  public Table row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("cells: " + cells.length + " (expected: " + columns + ")");
    }
    rows.add(Arrays.stream(cells).map(Table::cell).toArray(String[]::new));
    return this;
  }

  /** Rows below the header. */
  public int size() {
    return rows.size() - 1;
  }

  /** The table, one line per row, each ending in a newline. */
  public String render() {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        line.append(row[c]);
        if (c < columns - 1) {
          line.append(" ".repeat(widths[c] - row[c].length())).append(GAP);
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  static String cell(Object value) {
    if (value == null) {
      return "-";
    }
    String text = value.toString().replaceAll("\\s+", " ").strip();
    return text.isEmpty() ? "-" : text;
  }
}
