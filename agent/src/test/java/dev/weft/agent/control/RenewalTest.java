package dev.weft.agent.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.identity.ChannelSecurity;
import dev.weft.agent.identity.CredentialStore;
import dev.weft.agent.identity.HostCredential;
import dev.weft.agent.identity.Joiner;
import dev.weft.common.model.Network;
import dev.weft.common.sync.TableBook;
import dev.weft.coordinator.Coordinator;
import dev.weft.coordinator.config.CoordinatorConfig;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, the agent's side: a certificate due for renewal is renewed over the session, stored, and used next. */
class RenewalTest {
  @TempDir
  Path coordinatorDir;
  @TempDir
  Path state;

  @Test
  void anAgentRenewsItsCertificateOverItsSessionStoresItAndConnectsWithItNextTime() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    CoordinatorConfig config = CoordinatorConfig.defaults().withListen("127.0.0.1", port).withDataDir(coordinatorDir)
        .withHostCertLifetime(Duration.ofDays(3));
    URI uri = URI.create("https://127.0.0.1:" + port);
    CredentialStore store = new CredentialStore(state);
    Vertx vertx = Vertx.vertx();
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    ControlClient client = null;
    // The coordinator's clock, moved two hours on later (past the overlap in which it still takes the old one).
    Later coordinatorClock = new Later();
    Coordinator weft = Coordinator.start(config, coordinatorClock);
    try {
      HostCredential joined = new Joiner(List.of(uri), weft.joinToken(), "h1", store).join(3, Duration.ofSeconds(1));
      // the agent's clock is 60 h on: past two thirds of the 3 days (and the hour the coordinator backdates)
      Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(60));
      client = new ControlClient(vertx, List.of(uri), ChannelSecurity.mutualTls(joined, store, later),
          new TableBook(), ClientFixtures.noEndpoints(), listener(events), ClientFixtures.FAST);
      client.start();
      assertThat(events.poll(15, TimeUnit.SECONDS)).isEqualTo("connected");
      HostCredential renewed = waitForRenewal(store, joined);
      assertThat(renewed.hostId()).isEqualTo("h1");
      assertThat(renewed.keyPem()).isNotEqualTo(joined.keyPem());
      assertThat(renewed.keyMatchesCertificate()).isTrue();
      assertThat(renewed.expires()).isAfterOrEqualTo(joined.expires());
      assertThat(renewed.caPem()).isEqualTo(joined.caPem());
      assertThat(Files.getPosixFilePermissions(state.resolve("host-key.pem")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.exists(state.resolve("host.pem.next"))).isFalse();
      // the session stayed: no disconnect, and it still hears the catalog
      assertThat(createNetwork(weft, "after-renewal")).isEqualTo(201);
      assertThat(events.poll(15, TimeUnit.SECONDS)).isEqualTo("catalog");
      assertThat(events).doesNotContain("disconnected");

      // the next connection uses the renewed certificate: two hours on, the coordinator no longer takes the old one,
      // and an agent started again from the state dir is welcomed
      client.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      coordinatorClock.offset = Duration.ofHours(2);
      HostCredential stored = store.load().orElseThrow();
      assertThat(stored.certificatePem()).isEqualTo(renewed.certificatePem());
      events.clear();
      client = new ControlClient(vertx, List.of(uri), ChannelSecurity.mutualTls(stored, store, later),
          new TableBook(), ClientFixtures.noEndpoints(), listener(events), ClientFixtures.FAST);
      client.start();
      assertThat(events.poll(60, TimeUnit.SECONDS)).isEqualTo("connected");
    } finally {
      if (client != null) {
        client.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      weft.close();
    }
  }

  @Test
  void aCrashBetweenRenamingTheKeyAndTheCertificateIsFinishedAtTheNextLoad() throws Exception {
    try (Coordinator weft = Coordinator.start(CoordinatorConfig.defaults().withListen("127.0.0.1", 0)
        .withDataDir(coordinatorDir))) {
      URI uri = URI.create("https://127.0.0.1:" + weft.httpPort());
      CredentialStore store = new CredentialStore(state);
      HostCredential first = new Joiner(List.of(uri), weft.joinToken(), "h1", store).join(3, Duration.ofSeconds(1));
      Path other = Files.createTempDirectory(state.getParent(), "other");
      try {
        HostCredential second = new Joiner(List.of(uri), weft.joinToken(), "h2", new CredentialStore(other))
            .join(3, Duration.ofSeconds(1));
        // the state a crash leaves: the new key in place, the new certificate still next to the old one
        Files.writeString(state.resolve("host-key.pem"), second.keyPem());
        Files.writeString(state.resolve("host.pem.next"), second.certificatePem());
        HostCredential loaded = store.load().orElseThrow();
        assertThat(loaded.certificatePem()).isEqualTo(second.certificatePem());
        assertThat(loaded.keyMatchesCertificate()).isTrue();
        assertThat(Files.exists(state.resolve("host.pem.next"))).isFalse();
        assertThat(first.keyMatchesCertificate()).isTrue();
      } finally {
        try (var files = Files.list(other)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
        Files.delete(other);
      }
    }
  }

  /** {@code POST /v1/networks} over TLS with the admin token; the status. */
  private int createNetwork(Coordinator weft, String name) throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", dev.weft.common.security.Pem.certificates(
        Files.readString(coordinatorDir.resolve("ca.pem"))).get(0));
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(context).build();
    return http.send(java.net.http.HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + weft.httpPort()
            + "/v1/networks")).timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + weft.adminToken())
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static HostCredential waitForRenewal(CredentialStore store, HostCredential joined) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      HostCredential now = store.load().orElseThrow();
      if (!now.certificatePem().equals(joined.certificatePem())) {
        return now;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the certificate in the state dir was not renewed within 20 s");
  }

  /** The real time plus an offset the test sets. */
  private static final class Later extends Clock {
    volatile Duration offset = Duration.ZERO;

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.now().plus(offset);
    }
  }

  private static ControlListener listener(BlockingQueue<String> events) {
    return new ControlListener() {
      @Override
      public void onConnected(URI coordinator) {
        events.add("connected");
      }

      @Override
      public void onDisconnected() {
        events.add("disconnected");
      }

      @Override
      public void onCatalog(List<Network> networks) {
        if (networks.stream().anyMatch(n -> n.name().equals("after-renewal"))) {
          events.add("catalog");
        }
      }

      @Override
      public void onTableChanged(String network) {
      }
    };
  }
}
