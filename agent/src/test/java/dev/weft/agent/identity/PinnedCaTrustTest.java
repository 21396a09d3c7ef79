package dev.weft.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.coordinator.pki.CertificateAuthority;
import dev.weft.coordinator.pki.SubjectNames;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's one trust decision about a coordinator (issue 6), on certificates made by the coordinator's CA code. */
class PinnedCaTrustTest {
  private static final CertificateAuthority CA = CertificateAuthority.create(Clock.systemUTC());
  private static final CertificateAuthority OTHER = CertificateAuthority.create(Clock.systemUTC());
  private static final X509Certificate SERVER = CA.issueServer("Weft coordinator",
      SubjectNames.toGeneralNames(List.of("localhost")), Clock.systemUTC()).certificate();

  @Test
  void aServerCertificateOfThePinnedCaIsTrusted() throws Exception {
    assertThat(PinnedCaTrust.refusal(List.of(SERVER, CA.certificate()), CA.fingerprint())).isNull();
    new PinnedCaTrust(CA.fingerprint()).checkServerTrusted(new X509Certificate[] {SERVER, CA.certificate()}, "EC");
  }

  @Test
  void anotherCaIsRefusedNamingBothFingerprints() {
    PinnedCaTrust trust = new PinnedCaTrust(OTHER.fingerprint());
    assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {SERVER, CA.certificate()}, "EC"))
        .isInstanceOf(CertificateException.class)
        .hasMessage("the coordinator's CA fingerprint is sha256:" + CA.fingerprint() + " but the join token expects "
            + "sha256:" + OTHER.fingerprint() + " (wrong coordinator, or a join token of another cluster)");
    assertThat(trust.lastRefusal()).contains(CA.fingerprint(), OTHER.fingerprint());
  }

  @Test
  void aHostCertificateCannotPoseAsACoordinatorAndAChainMustEndInItsCa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    X509Certificate host = CA.issueHost("h1", generator.generateKeyPair().getPublic(), Clock.systemUTC(), java.time.Duration.ofDays(90));
    assertThat(PinnedCaTrust.refusal(List.of(host, CA.certificate()), CA.fingerprint()))
        .contains("not a server certificate");
    assertThat(PinnedCaTrust.refusal(List.of(SERVER), CA.fingerprint())).contains("presented 1 certificate");
    // a server certificate of another CA, presented with the pinned CA: the signature does not check
    X509Certificate foreign = OTHER.issueServer("x", SubjectNames.toGeneralNames(List.of("localhost")),
        Clock.systemUTC()).certificate();
    assertThat(PinnedCaTrust.refusal(List.of(foreign, CA.certificate()), CA.fingerprint()))
        .contains("does not check against its CA");
  }
}
