package dev.weft.coordinator.pki;

import dev.weft.common.security.Pem;
import dev.weft.common.security.Fingerprints;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's certificate authority (issue 6): an EC P-256 key and a self-signed certificate. It signs every
 * member's server certificate and every host's client certificate. BouncyCastle only builds the certificate
 * structures; keys and signatures come from the JDK's providers (so the shaded jar needs no signed provider).
 */
public final class CertificateAuthority {
  /** Certificates start this long before "now", so that a host whose clock lags a little accepts them. */
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final Duration CA_LIFETIME = Duration.ofDays(3650);
  private static final Duration SERVER_LIFETIME = Duration.ofDays(365);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey key;

  private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
    this.certificate = certificate;
    this.key = key;
  }

  /** A new CA named {@code Weft cluster CA <random>}. */
  public static CertificateAuthority create(Clock clock) {
    KeyPair pair = newKeyPair();
    X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Weft")
        .addRDN(BCStyle.CN, "Weft cluster CA " + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE)).build();
    Instant now = clock.instant();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(BACKDATE)),
        Date.from(now.plus(CA_LIFETIME)), name, pair.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (CertIOException e) {
      throw new IllegalStateException(e);
    }
    return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate());
  }

  /** The CA of {@link #toPem()}'s text: its certificate, then its private key. */
  public static CertificateAuthority fromPem(String pem) {
    List<X509Certificate> certificates = Pem.certificates(pem);
    if (certificates.size() != 1) {
      throw new IllegalArgumentException("stored CA: " + certificates.size() + " certificates (expected: 1)");
    }
    return new CertificateAuthority(certificates.get(0), Pem.ecPrivateKey(pem));
  }

  /** Certificate and private key, PEM: what the store keeps. */
  public String toPem() {
    return Pem.certificate(certificate) + Pem.privateKey(key);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  /** SHA-256 of the certificate's DER, lowercase hex: the first part of every join token. */
  public String fingerprint() {
    try {
      return Fingerprints.sha256(certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server certificate for one member, with a new key, valid for TLS server authentication only. */
  public Credential issueServer(String commonName, GeneralNames sans, Clock clock) {
    KeyPair pair = newKeyPair();
    JcaX509v3CertificateBuilder builder = leaf(commonName, pair.getPublic(), clock, SERVER_LIFETIME);
    try {
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      builder.addExtension(Extension.subjectAlternativeName, false, sans);
    } catch (CertIOException e) {
      throw new IllegalStateException(e);
    }
    return new Credential(sign(builder, key), pair.getPrivate());
  }

  /**
   * A host's client certificate: subject {@code CN=<hostId>}, valid for TLS client authentication only (so a host
   * can never pose as a coordinator), for the public key the host made, valid for {@code lifetime} from now
   * ({@code --host-cert-lifetime}, issue 12) and never beyond the CA.
   */
  public X509Certificate issueHost(String hostId, PublicKey hostKey, Clock clock, Duration lifetime) {
    JcaX509v3CertificateBuilder builder = leaf(hostId, hostKey, clock, lifetime);
    try {
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    } catch (CertIOException e) {
      throw new IllegalStateException(e);
    }
    return sign(builder, key);
  }

  /** The {@code CN} of a certificate's subject, or null when it has none. */
  public static String commonName(X509Certificate certificate) {
    try {
      X500Name subject = new JcaX509CertificateHolder(certificate).getSubject();
      var cns = subject.getRDNs(BCStyle.CN);
      return cns.length == 0 ? null : IETFUtils.valueToString(cns[0].getFirst().getValue());
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  private JcaX509v3CertificateBuilder leaf(String commonName, PublicKey publicKey, Clock clock, Duration lifetime) {
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Weft")
        .addRDN(BCStyle.CN, commonName).build();
    Instant now = clock.instant();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
        Date.from(now.minus(BACKDATE)), Date.from(min(now.plus(lifetime), certificate.getNotAfter().toInstant())),
        subject, publicKey);
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    } catch (CertIOException e) {
      throw new IllegalStateException(e);
    }
    return builder;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** 128 random bits, positive (RFC 5280 4.1.2.2 allows up to 20 octets). */
  private static BigInteger serial() {
    return new BigInteger(128, RANDOM);
  }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a certificate: " + e.getMessage(), e);
    }
  }

  /** A certificate and its private key. */
  public record Credential(X509Certificate certificate, PrivateKey key) {
  }
}
