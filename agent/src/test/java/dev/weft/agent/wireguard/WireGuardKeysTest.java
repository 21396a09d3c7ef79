package dev.weft.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WireGuardKeysTest {
  @TempDir
  Path stateDir;

  @Test
  void publicKeyIsX25519OfTheBasePointAsInRfc7748() {
    // RFC 7748, 6.1: Alice's private key and public key
    byte[] priv = HexFormat.of().parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    byte[] pub = HexFormat.of().parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    assertThat(WireGuardKeys.publicKeyOf(Base64.getEncoder().encodeToString(priv)))
        .isEqualTo(Base64.getEncoder().encodeToString(pub));
  }

  @Test
  void theKeyIsMadeOnceKeptMode0600AndOnlyThePublicHalfIsOffered() throws Exception {
    WireGuardKeys first = WireGuardKeys.loadOrCreate(stateDir, new SecureRandom());
    WireGuardKeys again = WireGuardKeys.loadOrCreate(stateDir, new SecureRandom());
    assertThat(again.publicKey()).isEqualTo(first.publicKey());
    Path file = stateDir.resolve(WireGuardKeys.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String priv = Files.readString(file).strip();
    assertThat(Base64.getDecoder().decode(priv)).hasSize(32);
    assertThat(first.publicKey()).isNotEqualTo(priv).isEqualTo(WireGuardKeys.publicKeyOf(priv));
  }

  @Test
  void clampingIsWireGuards() {
    byte[] raw = new byte[32];
    java.util.Arrays.fill(raw, (byte) 0xff);
    WireGuardKeys.clamp(raw);
    assertThat(raw[0] & 0xff).isEqualTo(0xf8);
    assertThat(raw[31] & 0xff).isEqualTo(0x7f);
  }
}
