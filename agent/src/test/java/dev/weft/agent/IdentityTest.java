package dev.weft.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.control.ClientFixtures;
import dev.weft.agent.control.ControlClient;
import dev.weft.agent.control.ControlListener;
import dev.weft.agent.identity.ChannelSecurity;
import dev.weft.agent.identity.CredentialStore;
import dev.weft.agent.identity.HostCredential;
import dev.weft.agent.identity.Joiner;
import dev.weft.common.model.Network;
import dev.weft.common.security.JoinTokenFormat;
import dev.weft.common.sync.TableBook;
import dev.weft.coordinator.Coordinator;
import dev.weft.coordinator.config.CoordinatorConfig;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 6, the agent's side: the CA pin of the join token, joining, then mutual TLS, on a real coordinator. */
class IdentityTest {

  @TempDir
  Path coordinatorDir;
  @TempDir
  Path state;

  @Test
  void aCoordinatorWithAnotherCaIsRefusedBeforeAnythingIsSentAndTheAgentSaysWhy() throws Exception {
    try (Coordinator weft = start()) {
      String other = "ab".repeat(32);
      String token = JoinTokenFormat.format(other, JoinTokenFormat.parse(weft.joinToken()).orElseThrow().secret());
      Joiner joiner = new Joiner(List.of(uri(weft)), token, "h1", new CredentialStore(state));
      assertThatThrownBy(() -> joiner.join(3, Duration.ofSeconds(1)))
          .isInstanceOf(Joiner.JoinRefused.class)
          .hasMessageContaining("expects sha256:" + other)
          .hasMessageContaining("is sha256:" + weft.caFingerprint());
      assertThat(new CredentialStore(state).load()).isEmpty();
      assertThat(Files.exists(state.resolve("host-key.pem"))).isFalse();
    }
  }

  @Test
  void aWrongOrMalformedJoinTokenIsRefusedWithTheReason() throws Exception {
    try (Coordinator weft = start()) {
      String forged = JoinTokenFormat.format(weft.caFingerprint(), "00".repeat(32));
      assertThatThrownBy(() -> new Joiner(List.of(uri(weft)), forged, "h1", new CredentialStore(state)).join(3,
          Duration.ZERO)).isInstanceOf(Joiner.JoinRefused.class).hasMessageContaining("refused the join token (401");
      assertThatThrownBy(() -> new Joiner(List.of(uri(weft)), "0123abcd", "h1", new CredentialStore(state)).join(3,
          Duration.ZERO)).isInstanceOf(Joiner.JoinRefused.class).hasMessageContaining("not a Weft join token");
    }
  }

  @Test
  void aHostJoinsOnceAndThenConnectsWithItsCertificateOnly() throws Exception {
    try (Coordinator weft = start()) {
      HostCredential joined = new Joiner(List.of(uri(weft)), weft.joinToken(), "h1", new CredentialStore(state))
          .join(3, Duration.ofSeconds(1));
      assertThat(joined.hostId()).isEqualTo("h1");
      assertThat(joined.caFingerprint()).isEqualTo(weft.caFingerprint());
      assertThat(Files.getPosixFilePermissions(state.resolve("host-key.pem")))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.readString(state.resolve("ca.pem")))
          .isEqualTo(Files.readString(coordinatorDir.resolve("ca.pem")));

      // A restarted agent: the credential from the state dir, no join token anywhere (and the token rotated).
      weft.rotateJoinTokenForTests();
      HostCredential stored = new CredentialStore(state).load().orElseThrow();
      for (int restart = 0; restart < 2; restart++) {
        Vertx vertx = Vertx.vertx();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        ControlClient client = new ControlClient(vertx, List.of(uri(weft)), ChannelSecurity.mutualTls(stored),
            new TableBook(), ClientFixtures.noEndpoints(), listener(events), ClientFixtures.FAST);
        client.start();
        assertThat(events.poll(15, TimeUnit.SECONDS)).isEqualTo("connected");
        client.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      }
    }
  }

  private Coordinator start() {
    return Coordinator.start(CoordinatorConfig.defaults().withListen("127.0.0.1", 0).withDataDir(coordinatorDir));
  }

  private static URI uri(Coordinator weft) {
    return URI.create("https://127.0.0.1:" + weft.httpPort());
  }

  private static ControlListener listener(BlockingQueue<String> events) {
    return new ControlListener() {
      @Override
      public void onConnected(URI coordinator) {
        events.add("connected");
      }

      @Override
      public void onCatalog(List<Network> networks) {
      }

      @Override
      public void onTableChanged(String network) {
      }
    };
  }
}
