package dev.weft.agent.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.common.security.JoinTokenFormat;
import dev.weft.common.security.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joining (issue 6): checks the coordinator against the CA fingerprint in the join token before sending anything,
 * makes an EC P-256 key pair here, sends the public key with the join token to {@code POST /v1/join} and keeps
 * what comes back in the state dir. Blocking.
 */
public final class Joiner {
  private static final Logger LOG = LoggerFactory.getLogger(Joiner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** The coordinator refused the join, or is not the one the token names: retrying will not help. */
  public static final class JoinRefused extends Exception {
    private static final long serialVersionUID = 1L;

    /** The fingerprint of the CA the refused coordinator presented, or null (another refusal). */
    private final String coordinatorCa;

    public JoinRefused(String message) {
      this(message, null);
    }

    public JoinRefused(String message, String coordinatorCa) {
      super(message);
      this.coordinatorCa = coordinatorCa;
    }

    /** The CA the coordinator presented when the join token pins another, or null for any other refusal. */
    public String coordinatorCa() {
      return coordinatorCa;
    }
  }

  private final List<URI> coordinators;
  private final String token;
  private final String hostId;
  private final CredentialStore store;

  public Joiner(List<URI> coordinators, String token, String hostId, CredentialStore store) {
    this.coordinators = List.copyOf(coordinators);
    this.token = token == null ? "" : token.trim();
    this.hostId = hostId;
    this.store = store;
  }

  /**
   * Tries each coordinator in order, rounds apart by {@code pause}, until one answers or {@code rounds} rounds
   * passed.
   *
   * @throws JoinRefused when the token is malformed or refused, or a coordinator presents another CA
   * @throws IOException when no coordinator could be reached
   */
  public HostCredential join(int rounds, Duration pause) throws JoinRefused, IOException, InterruptedException {
    JoinTokenFormat.Parts parts = JoinTokenFormat.parse(token).orElseThrow(() -> new JoinRefused(
        "--join-token: not a Weft join token (expected: WEFT1-<sha256 of the coordinator's CA>-<secret>, as "
            + "printed by GET /v1/join-token or the join-token file of the coordinator's data dir)"));
    IOException last = null;
    // One key for every attempt: a coordinator refuses a second key for a host that joined (issue 12), so a retry
    // after a lost answer must present the key of the first attempt.
    KeyPair key = newKeyPair();
    for (int round = 0; round < rounds; round++) {
      for (URI coordinator : coordinators) {
        try {
          return joinOnce(coordinator, parts.fingerprint(), key);
        } catch (IOException e) {
          last = e;
          LOG.warn("cannot join through {}: {}", coordinator, e.getMessage());
        }
      }
      Thread.sleep(pause.toMillis());
    }
    throw last == null ? new IOException("no coordinator") : last;
  }

  private HostCredential joinOnce(URI coordinator, String fingerprint, KeyPair key) throws JoinRefused, IOException,
      InterruptedException {
    PinnedCaTrust trust = new PinnedCaTrust(fingerprint);
    String body = JSON.writeValueAsString(Map.of("hostId", hostId,
        "publicKey", Base64.getEncoder().encodeToString(key.getPublic().getEncoded())));
    HttpResponse<String> response;
    try (HttpClientHolder client = new HttpClientHolder(trust)) {
      response = bounded(client.http.sendAsync(HttpRequest.newBuilder(coordinator.resolve("/v1/join"))
          .timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString()), coordinator);
    } catch (IOException e) {
      if (trust.lastRefusal() != null) {
        throw new JoinRefused("refusing coordinator " + coordinator + ": " + trust.lastRefusal(),
            trust.lastPresentedCa());
      }
      throw e;
    }
    String error = errorOf(response.body());
    if (response.statusCode() == 401) {
      throw new JoinRefused("coordinator " + coordinator + " refused the join token (401: " + error + "); get the "
          + "current one with GET /v1/join-token (it changes when rotated)");
    }
    if (response.statusCode() == 409 || response.statusCode() == 400) {
      throw new JoinRefused("coordinator " + coordinator + " refused the join (" + response.statusCode() + ": "
          + error + ")");
    }
    if (response.statusCode() != 200) {
      throw new IOException("join through " + coordinator + ": HTTP " + response.statusCode() + " " + error);
    }
    JsonNode answer = JSON.readTree(response.body());
    HostCredential credential = new HostCredential(Pem.block("PRIVATE KEY", key.getPrivate().getEncoded()),
        answer.path("certificate").asText(), answer.path("ca").asText());
    if (!credential.caFingerprints().contains(fingerprint)) {
      throw new JoinRefused("coordinator " + coordinator + " answered with CA sha256:" + credential.caFingerprint()
          + " but the join token expects sha256:" + fingerprint);
    }
    store.save(credential);
    LOG.info("joined through {} as host {}; the host certificate is in the state dir", coordinator,
        credential.hostId());
    return credential;
  }

  /**
   * Waits for the answer at most a little longer than the request's own timeout, which the JDK's client (17) has been
   * seen to miss: the join then moves on to the next coordinator instead of waiting forever.
   */
  private static HttpResponse<String> bounded(CompletableFuture<HttpResponse<String>> answer, URI coordinator)
      throws IOException, InterruptedException {
    try {
      return answer.get(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new HttpTimeoutException("no answer from " + coordinator + " within " + REQUEST_TIMEOUT.toSeconds()
          + " s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  private static String errorOf(String body) {
    try {
      return JSON.readTree(body).path("error").asText(body);
    } catch (IOException e) {
      return body;
    }
  }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
    }
  }

  /** A JDK client trusting only the pinned CA; closed after one join attempt. */
  private static final class HttpClientHolder implements AutoCloseable {
    final HttpClient http;

    HttpClientHolder(PinnedCaTrust trust) {
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust}, null);
        // Generous: a join happens once, and a loaded coordinator's first TLS handshake can take seconds.
        this.http = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(20)).build();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      // Java 17's HttpClient has no close(); its threads end when it is unreachable
    }
  }
}
