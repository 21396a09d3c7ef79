package dev.weft.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void alignsColumnsWithoutTrailingSpaces() {
    String table = Table.of("A", "LONGER", "C").row("wide-cell", 1, null).row("x", "", "last").render();

    assertThat(table).isEqualTo("""
        A           LONGER   C
        wide-cell   1        -
        x           -        last
        """);
    assertThat(table.lines()).noneMatch(l -> l.endsWith(" "));
  }

  @Test
  void keepsEveryRowOnOneLine() {
    assertThat(Table.of("A", "B").row("two\nlines", "tab\tbed").render()).isEqualTo("""
        A           B
        two lines   tab bed
        """);
  }

  @Test
  void refusesRowsOfTheWrongWidth() {
    assertThatThrownBy(() -> Table.of("A", "B").row("only one")).hasMessage("cells: 1 (expected: 2)");
  }

  @Test
  void detailsAlignValues() {
    assertThat(new Details().add("a", "1").add("longer", null).render()).isEqualTo("""
        a:      1
        longer: -
        """);
  }
}
