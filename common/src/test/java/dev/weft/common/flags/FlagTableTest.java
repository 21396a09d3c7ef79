package dev.weft.common.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlagTableTest {
  private static final Flag<Integer> PORT = Flag.value("port", Parsers.intIn(1, 65535)).metavar("N")
      .help("UDP port").byDefault(4800).build();
  private static final Flag<String> NAME = Flag.value("san", Parsers.text()).repeatable().build();
  private static final Flag<String> STORE = Flag.value("store", Parsers.text(s -> s.startsWith("pg://"), "pg://…"))
      .secret(s -> s.replaceAll(":[^:@/]*@", ":***@")).build();
  private static final Flag<Boolean> CLEANUP = Flag.toggle("cleanup").build();
  private static final List<Flag<?>> FLAGS = List.of(PORT, NAME, STORE, CLEANUP);
  private static final FlagTable QUOTED = new FlagTable("usage: x", new FlagTable.Style(true,
      "flags start with --; see --help", "see --help"), FLAGS);
  private static final FlagTable PLAIN = new FlagTable("usage: y", new FlagTable.Style(false,
      "expected: --flag VALUE", null), FLAGS);

  @Test
  void flagBeatsTwinBeatsDefault() {
    assertThat(QUOTED.parse(List.of(), Map.of()).get(PORT)).isEqualTo(4800);
    assertThat(QUOTED.parse(List.of(), Map.of("WEFT_PORT", " 7 ")).get(PORT)).isEqualTo(7);
    assertThat(QUOTED.parse(List.of("--port", "8"), Map.of("WEFT_PORT", "7")).get(PORT)).isEqualTo(8);
    assertThat(QUOTED.parse(List.of("--port=9"), Map.of("WEFT_PORT", "7")).get(PORT)).isEqualTo(9);
    assertThat(QUOTED.parse(List.of(), Map.of("WEFT_PORT", "  ")).given(PORT)).isFalse();
  }

  @Test
  void switchesStandAloneOrTakeAnEqualsValue() {
    assertThat(QUOTED.parse(List.of(), Map.of()).get(CLEANUP)).isFalse();
    assertThat(QUOTED.parse(List.of("--cleanup"), Map.of()).get(CLEANUP)).isTrue();
    assertThat(QUOTED.parse(List.of("--cleanup=no"), Map.of("WEFT_CLEANUP", "yes")).get(CLEANUP)).isFalse();
    assertThatThrownBy(() -> QUOTED.parse(List.of("--cleanup", "maybe"), Map.of()))
        .hasMessage("unexpected argument: 'maybe' (flags start with --; see --help)");
  }

  @Test
  void repeatedFlagsJoinAndReplaceTheTwin() {
    assertThat(QUOTED.parse(List.of("--san", "a", "--san=b"), Map.of("WEFT_SAN", "z")).get(NAME)).isEqualTo("a,b");
    assertThat(QUOTED.parse(List.of("--port", "1", "--port", "2"), Map.of()).get(PORT)).isEqualTo(2);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--bogus|unknown flag: --bogus (see --help)|unknown flag: --bogus (expected one of: --port, --san, --store, --cleanup)",
      "stray|unexpected argument: 'stray' (flags start with --; see --help)|unexpected argument: stray (expected: --flag VALUE)",
      "--port|--port: missing value|--port: missing value",
      "--port 0|--port: '0' (expected: an integer 1..65535)|--port: 0 (expected: an integer 1..65535)",
      "--store pg:u:pw@h|--store: 'pg:u:***@h' (expected: pg://…)|--store: pg:u:***@h (expected: pg://…)",
  })
  void errorsInEachStyle(String args, String quoted, String plain) {
    List<String> list = List.of(args.split(" "));
    assertThatThrownBy(() -> readAll(QUOTED, list)).isInstanceOf(FlagException.class).hasMessage(quoted);
    assertThatThrownBy(() -> readAll(PLAIN, list)).isInstanceOf(FlagException.class).hasMessage(plain);
  }

  private static void readAll(FlagTable table, List<String> args) {
    FlagValues values = table.parse(args, Map.of());
    values.get(PORT);
    values.get(STORE);
  }

  @Test
  void extractTakesItsFlagsAndKeepsTheRestInOrder() {
    FlagTable one = new FlagTable("", PLAIN_STYLE, List.of(PORT));
    FlagTable.Extracted e = one.extract(List.of("--a", "1", "--port", "5", "--b=x"), Map.of());
    assertThat(e.values().get(PORT)).isEqualTo(5);
    assertThat(e.rest()).containsExactly("--a", "1", "--b=x");
    assertThatThrownBy(() -> one.extract(List.of("--port"), Map.of())).hasMessage("--port: missing value");
  }

  private static final FlagTable.Style PLAIN_STYLE = new FlagTable.Style(false, "", null);

  @Test
  void usageShowsSynopsisHelpDefaultAndTwin() {
    String usage = QUOTED.usage();
    assertThat(usage).startsWith("usage: x\n").contains("--port N", "UDP port (default 4800)", "env: WEFT_PORT",
        "--cleanup", "env: WEFT_CLEANUP");
    assertThat(Flag.toggle("tls").metavar("false").build().synopsis()).isEqualTo("--tls=false");
  }

  @Test
  void aNameTwiceIsRefused() {
    assertThatThrownBy(() -> new FlagTable("", PLAIN_STYLE, List.of(PORT, PORT)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
