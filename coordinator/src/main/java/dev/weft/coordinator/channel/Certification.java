package dev.weft.coordinator.channel;

import dev.weft.common.wire.ToAgent;
import dev.weft.coordinator.pki.HostCredentials;

/**
 * What a session's client certificate says (issue 6, issue 12): the host it names, its serial and the CA that signed
 * it, which {@code renew} replaces. Without TLS every value is null. Read from any thread; changed on the session's
 * request path only.
 */
final class Certification {
  /** The host the client certificate names, or null without TLS: a registration must name that host. */
  private final String host;
  private final HostCredentials credentials;
  /** The serial of the certificate this session opened with or renewed to last, or null without TLS. */
  private volatile String serial;
  /** The fingerprint of the CA that signed this session's certificate (a CA rotation, issue 12), or null. */
  private volatile String ca;

  private Certification(String host, String serial, String ca, HostCredentials credentials) {
    this.host = host;
    this.serial = serial;
    this.ca = ca;
    this.credentials = credentials;
  }

  /** A session without TLS. */
  static Certification none() {
    return new Certification(null, null, null, null);
  }

  static Certification of(HostCredentials.Admitted admitted, HostCredentials credentials) {
    return new Certification(admitted.hostId(), admitted.serial(), admitted.ca(), credentials);
  }

  String host() {
    return host;
  }

  String serial() {
    return serial;
  }

  String ca() {
    return ca;
  }

  /** The coordinator's host credentials; null without TLS. */
  HostCredentials credentials() {
    return credentials;
  }

  /** The session renewed to {@code issued}: it is bound to the new serial and its signer. */
  void renewed(HostCredentials.Issued issued) {
    serial = issued.serial();
    ca = credentials.cas().trustedSignerOf(issued.certificate());
  }

  /** The order to renew at once when a CA rotation is under way and this certificate is of the old CA; else null. */
  ToAgent.RenewNow renewNow() {
    String signer = ca;
    return signer == null || credentials == null ? null : credentials.cas().renewNowFor(signer);
  }
}
