package dev.weft.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.security.Pem;
import dev.weft.coordinator.pki.CaRotation;
import dev.weft.coordinator.pki.CaSet;
import dev.weft.coordinator.pki.CertificateAuthority;
import dev.weft.coordinator.pki.ClusterCa;
import dev.weft.coordinator.pki.MasterKey;
import dev.weft.coordinator.error.ConflictException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CA rotation across members (issue 12): two members on one store, one stages, the other adopts it on its next
 * re-read; one retires, the other follows; staging twice and retiring with nothing staged are refused, on either
 * member; the staged key is sealed like the current one. In H2 and in PostgreSQL alike (the retire is one
 * transaction of new SQL).
 */
class CaRotationStoreTest {
  @TempDir
  Path dir;

  @Test
  void h2MembersStageAndRetireTogether() throws Exception {
    try (Database db = Database.embedded(Files.createDirectories(dir.resolve("db")))) {
      check(db);
    }
  }

  @Test
  void postgresMembersStageAndRetireTogether() throws Exception {
    String url = PostgresForTests.freshSchema(PostgresForTests.require());
    try (Database db = Database.postgres(url)) {
      check(db);
    }
  }

  private void check(Database db) throws Exception {
    MasterKey key = MasterKey.generate();
    Clock clock = Clock.systemUTC();
    Path dirA = Files.createDirectories(dir.resolve("a"));
    Path dirB = Files.createDirectories(dir.resolve("b"));
    CertificateAuthority old = ClusterCa.loadOrCreate(db.settings(), dirA, clock, key);
    CaRotation a = new CaRotation(db.settings(), key, dirA, clock, old, Map::of);
    CaRotation b = new CaRotation(db.settings(), key, dirB,
        clock, ClusterCa.loadOrCreate(db.settings(), dirB, clock, key), Map::of);
    List<CaSet> seenByB = new CopyOnWriteArrayList<>();
    b.onChange(seenByB::add);
    assertThat(b.refresh()).isFalse();

    assertThatThrownBy(() -> a.retire(false)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("no CA rotation is staged");

    CaSet staged = a.stage();
    String next = staged.next().fingerprint();
    assertThat(staged.signer().fingerprint()).isEqualTo(next);
    assertThat(staged.trusted()).hasSize(2);
    assertThat(db.settings().get("ca.next")).contains("-----BEGIN CERTIFICATE-----").contains("weft-sealed-v1:")
        .doesNotContain("PRIVATE KEY");
    assertThat(Pem.certificates(Files.readString(dirA.resolve("ca.pem")))).hasSize(2);
    assertThatThrownBy(b::stage).isInstanceOf(ConflictException.class).hasMessageContaining("staged already");

    // b adopts what a staged at its re-read (the stage refused on b re-read already): its listeners are told once
    b.refresh();
    assertThat(b.get().next().fingerprint()).isEqualTo(next);
    assertThat(b.get().current().fingerprint()).isEqualTo(old.fingerprint());
    assertThat(seenByB).hasSize(1);
    assertThat(Pem.certificates(Files.readString(dirB.resolve("ca.pem")))).hasSize(2);

    // b retires; a follows at its next re-read
    assertThat(b.retire(false)).isEmpty();
    assertThat(b.get().current().fingerprint()).isEqualTo(next);
    assertThat(b.get().next()).isNull();
    assertThat(seenByB).hasSize(2);
    assertThat(a.refresh()).isTrue();
    assertThat(a.get().current().fingerprint()).isEqualTo(next);
    assertThat(a.get().next()).isNull();
    assertThat(a.get().retired()).containsExactly(old.certificate());
    assertThat(Pem.certificates(Files.readString(dirA.resolve("ca.pem")))).containsExactly(
        a.get().current().certificate());
    assertThat(db.settings().get("ca.next")).isNull();
    assertThat(db.settings().get("ca")).contains("weft-sealed-v1:").doesNotContain("PRIVATE KEY");
    assertThat(db.settings().get("ca.retired")).doesNotContain("weft-sealed-v1:").doesNotContain("PRIVATE KEY");
    // a member started now adopts the new CA
    assertThat(ClusterCa.loadOrCreate(db.settings(), Files.createDirectories(dir.resolve("c")), clock, key)
        .fingerprint()).isEqualTo(next);
    assertThatThrownBy(() -> a.retire(true)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("no CA rotation is staged");

    // the retire's compare-and-set: nothing moves over a value that changed
    db.settings().put("x", "1");
    db.settings().put("x.next", "2");
    assertThat(db.settings().move("x.next", "x", "0", "x.retired", "r")).isFalse();
    assertThat(db.settings().get("x")).isEqualTo("1");
    assertThat(db.settings().get("x.next")).isEqualTo("2");
    assertThat(db.settings().get("x.retired")).isNull();
    assertThat(db.settings().move("x.next", "x", "1", "x.retired", "r")).isTrue();
    assertThat(db.settings().get("x")).isEqualTo("2");
    assertThat(db.settings().get("x.next")).isNull();
    assertThat(db.settings().get("x.retired")).isEqualTo("r");
  }
}
