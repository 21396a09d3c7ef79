package dev.weft.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JoinTokenFormatTest {
  private static final String FP = "ab".repeat(32);
  private static final String SECRET = "01".repeat(32);

  @Test
  void formatsAndParsesBack() {
    String token = JoinTokenFormat.format(FP.toUpperCase(), SECRET);
    assertThat(token).isEqualTo("WEFT1-" + FP + "-" + SECRET);
    assertThat(JoinTokenFormat.parse(token)).contains(new JoinTokenFormat.Parts(FP, SECRET));
    assertThat(JoinTokenFormat.parse(" " + token + "\n")).isPresent();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "WEFT1-", "WEFT2-" + "ab" + "-x", "abc", "WEFT1-" + "ab" + "-" + "01",
      "weft1-abababababababababababababababababababababababababababababababab-"
          + "0101010101010101010101010101010101010101010101010101010101010101"})
  void refusesMalformed(String token) {
    assertThat(JoinTokenFormat.parse(token)).isEmpty();
  }

  @Test
  void secretOfTheOldBareFormatIsKept() {
    assertThat(JoinTokenFormat.secretOf(SECRET)).contains(SECRET);
    assertThat(JoinTokenFormat.secretOf("WEFT1-" + FP + "-" + SECRET)).contains(SECRET);
    assertThat(JoinTokenFormat.secretOf("nonsense")).isEmpty();
  }

  @Test
  void formatNamesTheBadPart() {
    assertThatThrownBy(() -> JoinTokenFormat.format("xyz", SECRET)).hasMessageContaining("fingerprint: xyz");
    assertThatThrownBy(() -> JoinTokenFormat.format(FP, "short")).hasMessageContaining("secret:");
  }

  @Test
  void fingerprintIsSha256Hex() {
    assertThat(Fingerprints.sha256(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
