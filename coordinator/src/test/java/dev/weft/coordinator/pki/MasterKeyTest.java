package dev.weft.coordinator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master key (issue 12): its file, the cluster name it gives, and what it seals. */
class MasterKeyTest {
  @TempDir
  Path dir;

  @Test
  void aNewKeyFileIs0600AndProcessesMakingItAtOnceEndWithOneKey() {
    Path file = dir.resolve("master.key");
    List<CompletableFuture<String>> makers = IntStream.range(0, 8)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> MasterKey.loadOrCreate(file).text())).toList();
    List<String> keys = makers.stream().map(CompletableFuture::join).distinct().toList();
    assertThat(keys).hasSize(1);
    assertThat(java.util.Base64.getDecoder().decode(keys.get(0))).hasSize(32);
    assertThat(PosixFilePermissions.toString(assertMode(file))).isEqualTo("rw-------");
    assertThat(dir.toFile().list()).containsExactly("master.key");
  }

  @Test
  void theClusterNameDependsOnTheKeyOnly() {
    MasterKey key = MasterKey.generate();
    assertThat(key.clusterName()).matches("weft-[0-9a-f]{32}")
        .isEqualTo(MasterKey.of(java.util.Base64.getDecoder().decode(key.text())).clusterName())
        .isNotEqualTo(MasterKey.generate().clusterName());
  }

  @Test
  void aSealedValueOpensWithItsKeyAndLabelOnly() {
    MasterKey key = MasterKey.generate();
    byte[] secret = "the CA's key".getBytes(StandardCharsets.UTF_8);
    String sealed = key.seal("ca", secret);
    assertThat(sealed).startsWith("weft-sealed-v1:").doesNotContain("the CA");
    assertThat(key.seal("ca", secret)).as("a new nonce each time").isNotEqualTo(sealed);
    assertThat(key.open("ca", sealed)).isEqualTo(secret);
    assertThatThrownBy(() -> MasterKey.generate().open("ca", sealed)).isInstanceOf(MasterKey.WrongKeyException.class);
    assertThatThrownBy(() -> key.open("other", sealed)).isInstanceOf(MasterKey.WrongKeyException.class);
  }

  @Test
  void aFileThatIsNoKeyIsRefusedWithWhatToDo() throws Exception {
    Path file = Files.writeString(dir.resolve("master.key"), "not a key\n");
    assertThatThrownBy(() -> MasterKey.loadOrCreate(file)).hasMessageContaining(file.toString())
        .hasMessageContaining("expected: 32 bytes in base64");
  }

  private static java.util.Set<java.nio.file.attribute.PosixFilePermission> assertMode(Path file) {
    try {
      return Files.getPosixFilePermissions(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
