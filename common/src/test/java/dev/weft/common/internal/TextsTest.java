package dev.weft.common.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextsTest {

  /** A message that echoes a lone surrogate is no longer valid Unicode: written as UTF-8 it turned into '?'. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "lone high;       a\\ud800b;        a\\\\ud800b",
      "lone low;        \\udc00;          \\\\udc00",
      "high at the end; ab\\ud83d;        ab\\\\ud83d",
      "pair;            \\ud83d\\ude00;   \\ud83d\\ude00",
      "control;         a\\nb;            a\\\\u000ab"})
  void printableEscapesWhatIsNotACharacter(String what, String escapedIn, String escapedOut) {
    String text = unescape(escapedIn);
    String printable = Texts.printable(text);
    assertThat(printable).as(what).isEqualTo(unescape(escapedOut));
    assertThat(Texts.unpairedSurrogate(printable)).as(what + ": valid Unicode").isEqualTo(-1);
    assertThat(new String(printable.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(printable);
  }

  @ParameterizedTest(name = "pair at {0}")
  @CsvSource({"78", "79", "80"})
  void printableNeverCutsAPairInHalf(int at) {
    String text = "a".repeat(at) + "\ud83d\ude00" + "b".repeat(10);
    String printable = Texts.printable(text);
    assertThat(Texts.unpairedSurrogate(printable)).isEqualTo(-1);
    assertThat(printable).endsWith("...");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {"abc; -1", "a\\ud800; 1", "\\udc00a; 0", "\\ud83d\\ude00\\ud83d; 2",
      "\\ud83d\\ude00; -1"})
  void unpairedSurrogateFindsTheFirst(String escaped, int index) {
    assertThat(Texts.unpairedSurrogate(unescape(escaped))).isEqualTo(index);
  }

  /** CSV cannot hold a lone surrogate: the table writes {@code \\uXXXX}, {@code \\\\} for a backslash, {@code \\n}. */
  private static String unescape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && text.charAt(i + 1) == 'u') {
        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
        i += 5;
      } else if (c == '\\' && text.charAt(i + 1) == '\\') {
        out.append('\\');
        i++;
      } else if (c == '\\' && text.charAt(i + 1) == 'n') {
        out.append('\n');
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
