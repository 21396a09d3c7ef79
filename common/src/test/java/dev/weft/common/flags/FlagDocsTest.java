package dev.weft.common.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagDocsTest {
  private static final Flag<Integer> PORT = Flag.value("port", Parsers.intIn(1, 9)).byDefault(4).build();
  private static final Flag<String> PEER = Flag.value("peer", Parsers.text()).build();
  private static final Flag<Boolean> HELP = Flag.toggle("help").undocumented().build();
  private static final List<Flag<?>> FLAGS = List.of(PORT, PEER, HELP);

  private static final String DOC = """
      # Tool

      | flag | default | meaning |
      | --- | --- | --- |
      | `--other` | `1` | not this table |

      ### Tool flags

      Some prose.

      | flag | env | default | meaning |
      | --- | --- | --- | --- |
      | `--port N` | `WEFT_PORT` | `4` | the port |
      | `--peer HOST` | `WEFT_PEER` | required | a peer |

      after
      """;

  @Test
  void theTableUnderItsHeadingMatches() {
    List<Map<String, String>> rows = FlagDocs.table(DOC, "Tool flags");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).containsEntry("flag", "--port N").containsEntry("default", "4");
    assertThat(FlagDocs.mismatches(rows, FLAGS)).isEmpty();
  }

  @Test
  void withoutAHeadingTheFirstFlagTable() {
    assertThat(FlagDocs.mismatches(FlagDocs.table(DOC, null), FLAGS)).containsExactly(
        "--other: in the table but not in the code", "--port: in the code but not in the table",
        "--peer: in the code but not in the table");
  }

  @Test
  void wrongTwinsAndDefaultsAreNamed() {
    String doc = """
        | flag | env | default |
        | --- | --- | --- |
        | `--port N` | `WEFT_PORTS` | `5` |
        | `--peer HOST` | `WEFT_PEER` | `x` |
        """;
    assertThat(FlagDocs.mismatches(FlagDocs.table(doc, null), FLAGS)).containsExactly(
        "--port: env WEFT_PORTS (expected: WEFT_PORT)", "--port: default '5' (expected: '4')",
        "--peer: default 'x' (expected: none, '—' or 'required…')");
  }

  @Test
  void noTableNoRows() {
    assertThat(FlagDocs.table("# x\n\ntext\n", "x")).isEmpty();
  }
}
