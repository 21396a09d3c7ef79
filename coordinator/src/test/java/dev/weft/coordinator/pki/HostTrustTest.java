package dev.weft.coordinator.pki;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 12: the handshake checks a client certificate's CA, not its dates (admit() says why a date is wrong). */
class HostTrustTest {
  private static final CertificateAuthority CA = CertificateAuthority.create(Clock.systemUTC());
  private static final CertificateAuthority OTHER = CertificateAuthority.create(Clock.systemUTC());

  @Test
  void anExpiredCertificateOfTheCaPassesAndOneOfAnotherCaOrNoneFails() {
    KeyPair key = CertificateAuthority.newKeyPair();
    HostTrust trust = new HostTrust(List.of(CA.certificate()));
    X509Certificate expired = CA.issueHost("h1", key.getPublic(),
        Clock.offset(Clock.systemUTC(), Duration.ofDays(-200)), Duration.ofDays(90));
    assertThatCode(() -> trust.checkClientTrusted(new X509Certificate[] {expired}, "EC")).doesNotThrowAnyException();
    X509Certificate foreign = OTHER.issueHost("h1", key.getPublic(), Clock.systemUTC(), Duration.ofDays(90));
    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {foreign}, "EC"))
        .isInstanceOf(CertificateException.class).hasMessageContaining("not signed by a CA");
    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[0], "EC"))
        .isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {expired}, "EC"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void eachOfSeveralCasIsTrustedDuringARotation() {
    KeyPair key = CertificateAuthority.newKeyPair();
    HostTrust both = new HostTrust(List.of(CA.certificate(), OTHER.certificate()));
    for (CertificateAuthority ca : List.of(CA, OTHER)) {
      X509Certificate host = ca.issueHost("h1", key.getPublic(), Clock.systemUTC(), Duration.ofDays(90));
      assertThatCode(() -> both.checkClientTrusted(new X509Certificate[] {host}, "EC")).doesNotThrowAnyException();
    }
  }
}
