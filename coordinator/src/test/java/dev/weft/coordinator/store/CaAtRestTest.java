package dev.weft.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.security.Pem;
import dev.weft.coordinator.Coordinator;
import dev.weft.coordinator.config.CoordinatorConfig;
import dev.weft.coordinator.pki.CertificateAuthority;
import dev.weft.coordinator.pki.MasterKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA's private key at rest (issue 12): sealed with the master key in H2 (and PostgreSQL, {@link ClusterCaTest}),
 * never in the clear; the same CA after a restart; a wrong master key stops the start with a message saying what to
 * do; a CA stored in the clear by an earlier version is stored again sealed.
 */
class CaAtRestTest {
  @TempDir
  Path dir;

  @Test
  void theH2FileHoldsNoKeyInTheClearAndARestartKeepsTheCa() throws Exception {
    Path data = dir.resolve("data");
    String fingerprint;
    try (Coordinator coordinator = Coordinator.start(config(data))) {
      fingerprint = coordinator.caFingerprint();
    }
    MasterKey key = MasterKey.loadOrCreate(data.resolve("master.key"));
    assertNoKeyMaterial(Files.readAllBytes(data.resolve("weft.mv.db")), storedCa(data), key);
    try (Coordinator again = Coordinator.start(config(data))) {
      assertThat(again.caFingerprint()).isEqualTo(fingerprint);
    }
  }

  @Test
  void aWrongMasterKeyStopsTheStartWithAMessageSayingWhatToDo() throws Exception {
    Path data = dir.resolve("data");
    try (Coordinator coordinator = Coordinator.start(config(data))) {
      assertThat(coordinator.caFingerprint()).isNotEmpty();
    }
    Path other = dir.resolve("other.key");
    Files.writeString(other, MasterKey.generate().text() + "\n");
    CoordinatorConfig wrong = config(data);
    assertThatThrownBy(() -> Coordinator.start(wrong.withCluster(wrong.cluster().withMasterKeyFile(other))))
        .hasMessageContaining("sealed with another master key than " + other.toAbsolutePath())
        .hasMessageContaining("Copy master.key from the member that started first");
  }

  @Test
  void aCaStoredInTheClearByAnEarlierVersionIsStoredAgainSealed() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    CertificateAuthority legacy = CertificateAuthority.create(Clock.systemUTC());
    try (Database database = Database.embedded(data)) {
      database.settings().putIfAbsent("ca", legacy.toPem());
    }
    try (Coordinator coordinator = Coordinator.start(config(data))) {
      assertThat(coordinator.caFingerprint()).isEqualTo(legacy.fingerprint());
    }
    String row = storedCa(data);
    assertThat(row).doesNotContain("PRIVATE KEY").contains("weft-sealed-v1:");
    // Also the file: H2 keeps old pages until it compacts, and the clear key must not linger in one.
    assertNoKeyMaterial(Files.readAllBytes(data.resolve("weft.mv.db")), row, MasterKey.loadOrCreate(
        data.resolve("master.key")));
    try (Coordinator again = Coordinator.start(config(data))) {
      assertThat(again.caFingerprint()).isEqualTo(legacy.fingerprint());
    }
  }

  private static CoordinatorConfig config(Path data) {
    return CoordinatorConfig.defaults().withListen("127.0.0.1", 0).withDataDir(data);
  }

  private static String storedCa(Path data) {
    try (Database database = Database.embedded(data)) {
      return database.settings().get("ca");
    }
  }

  /**
   * {@code bytes} hold no {@code PRIVATE KEY} block and none of the CA key's forms: its PKCS#8 DER, that DER in
   * base64, or the bare private scalar.
   */
  static void assertNoKeyMaterial(byte[] bytes, String storedCa, MasterKey key) {
    String sealed = storedCa.lines().filter(MasterKey::isSealed).findFirst().orElseThrow();
    byte[] der = key.open("ca", sealed);
    ECPrivateKey ecKey = (ECPrivateKey) Pem.ecPrivateKey(Pem.block("PRIVATE KEY", der));
    byte[] scalar = unsigned(ecKey.getS().toByteArray());
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text).doesNotContain("PRIVATE KEY");
    assertThat(indexOf(bytes, der)).as("the key's DER").isNegative();
    assertThat(indexOf(bytes, scalar)).as("the key's private scalar").isNegative();
    String base64 = Base64.getEncoder().encodeToString(der);
    assertThat(text).doesNotContain(base64.substring(0, 60)).doesNotContain(base64.substring(base64.length() - 60));
  }

  private static byte[] unsigned(byte[] signed) {
    return signed.length > 32 && signed[0] == 0 ? java.util.Arrays.copyOfRange(signed, 1, signed.length) : signed;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
