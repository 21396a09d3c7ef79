package dev.weft.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.cli.CliException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigFileTest {
  static Stream<Arguments> good() {
    return Stream.of(
        Arguments.of("", Map.of()),
        Arguments.of("# comment\n\n  \n", Map.of()),
        Arguments.of("coordinator=http://c:7700\ntoken=abc\n", Map.of("coordinator", "http://c:7700", "token", "abc")),
        Arguments.of("  token = abc=def  \r\n", Map.of("token", "abc=def")),
        Arguments.of("token=\ncoordinator=x", Map.of("coordinator", "x")),
        Arguments.of("token=a\ntoken=b", Map.of("token", "b")));
  }

  @ParameterizedTest
  @MethodSource("good")
  void parses(String content, Map<String, String> expected) {
    assertThat(ConfigFile.parse("f", content)).isEqualTo(expected);
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of("coordinator=x\ntokn=abc", "f:2: unknown key \"tokn\" (expected: coordinator, token or ca-cert)"),
        Arguments.of("\n\njust words",
            "f:3: \"just words\" (expected: key=value with key coordinator, token or ca-cert)"),
        Arguments.of("=x", "f:1: unknown key \"\" (expected: coordinator, token or ca-cert)"));
  }

  @ParameterizedTest
  @MethodSource("bad")
  void namesFileLineAndProblem(String content, String message) {
    assertThatThrownBy(() -> ConfigFile.parse("f", content)).isInstanceOf(CliException.class).hasMessage(message);
  }
}
