package dev.weft.agent.identity;

import dev.weft.common.security.Pem;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent channel over mutual TLS (issue 6) with the host's credential, which it renews when two thirds of the
 * certificate's validity have passed (issue 12): a new key made here, {@code renew} over the session, the answer
 * stored in the state dir and used from the next connection on. The session itself goes on: the coordinator admits
 * a certificate at the upgrade only.
 */
final class MutualTls implements ChannelSecurity {
  private static final Logger LOG = LoggerFactory.getLogger(MutualTls.class);
  private final PinnedCaTrust trust;
  private final CredentialStore store;
  private final Clock clock;
  private volatile HostCredential credential;
  /** The request in flight and its key; one at a time. */
  private volatile String pendingId;
  private volatile KeyPair pendingKey;

  /** @param store where a renewed credential goes; null: no renewal */
  MutualTls(HostCredential credential, CredentialStore store, Clock clock) {
    this.credential = credential;
    this.trust = new PinnedCaTrust(credential.caFingerprints());
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void configure(WebSocketClientOptions options) {
    HostCredential current = credential;
    options.setSsl(true).setVerifyHost(false).setTrustOptions(TrustOptions.wrap(trust))
        .setKeyCertOptions(keyCert(current));
  }

  @Override
  public void decorate(WebSocketConnectOptions options) {
  }

  @Override
  public String explain(Throwable failure) {
    String refusal = trust.lastRefusal();
    String why = String.valueOf(failure.getMessage());
    if (why.contains("401")) {
      HostCredential current = credential;
      if (!clock.instant().isBefore(current.expires())) {
        return "this host's certificate expired at " + current.expires() + " (401): restart the agent with "
            + "--join-token to join again";
      }
      return "this host's certificate was refused (401): the host was revoked (DELETE /v1/hosts/"
          + current.hostId() + "), joined again elsewhere, or its CA was retired (a CA rotation); join again with "
          + "a fresh join token";
    }
    if (refusal != null && refusal.contains("CA fingerprint")) {
      // the pinned CAs no longer sign the coordinator: a CA rotation this host missed, or another cluster
      return "coordinator refused: " + refusal + "; if the cluster CA was rotated while this host was away "
          + "(POST /v1/ca/retire), join again with the current join token (GET /v1/join-token)";
    }
    return refusal != null ? "coordinator refused: " + refusal : null;
  }

  @Override
  public boolean renews() {
    return store != null;
  }

  @Override
  public boolean renewalDue() {
    return store != null && credential.renewalDue(clock.instant());
  }

  @Override
  public ToCoordinator.Renew renewal(String requestId) {
    KeyPair key = Joiner.newKeyPair();
    pendingKey = key;
    pendingId = requestId;
    return new ToCoordinator.Renew(requestId, Base64.getEncoder().encodeToString(key.getPublic().getEncoded()));
  }

  @Override
  public ClientSSLOptions renewed(ToAgent.Renewed renewed) {
    KeyPair key = pendingKey;
    if (key == null || renewed.requestId() == null || !renewed.requestId().equals(pendingId)) {
      throw new IllegalArgumentException("renewed: requestId " + renewed.requestId() + " (expected: " + pendingId
          + ")");
    }
    HostCredential current = credential;
    // The CAs to pin from now on (a CA rotation, issue 12): what the coordinator sent over this session, which the
    // pinned CAs authenticated; an answer without any keeps those the host had.
    String cas = renewed.ca() == null || Pem.certificates(renewed.ca()).isEmpty() ? current.caPem() : renewed.ca();
    HostCredential next = new HostCredential(Pem.block("PRIVATE KEY", key.getPrivate().getEncoded()),
        renewed.certificate(), cas);
    if (!next.keyMatchesCertificate() || !current.hostId().equals(next.hostId())) {
      throw new IllegalArgumentException("renewed: a certificate for another key or host (expected: host "
          + current.hostId() + ", the key of request " + renewed.requestId() + ")");
    }
    store.save(next);
    credential = next;
    trust.pin(next.caFingerprints());
    pendingKey = null;
    pendingId = null;
    LOG.info("renewed the certificate of host {}: valid until {}, stored in the state dir", next.hostId(),
        next.expires());
    return new ClientSSLOptions().setHostnameVerificationAlgorithm("").setTrustOptions(TrustOptions.wrap(trust))
        .setKeyCertOptions(keyCert(next));
  }

  private static PemKeyCertOptions keyCert(HostCredential credential) {
    return new PemKeyCertOptions().addKeyValue(Buffer.buffer(credential.keyPem()))
        .addCertValue(Buffer.buffer(credential.certificatePem()));
  }
}
