package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12: TLS 1.3 and the TLS 1.2 AEAD suites only; CBC and SHA-1 suites and TLS 1.1 are refused. */
class TlsSuitesTest {
  @TempDir
  Path dataDir;

  @Test
  void onlyTls13AndTls12AeadSuitesAreAccepted() throws Exception {
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withTls(true))) {
      SSLContext context = TlsClients.context(Files.readString(dataDir.resolve("ca.pem")), null, null);
      for (String cbc : new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
          "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"}) {
        assertThat(supported(context, cbc)).as("the JDK client can offer " + cbc).isTrue();
        assertThatThrownBy(() -> handshake(context, weft, "TLSv1.2", cbc)).as(cbc).isInstanceOf(IOException.class);
      }
      for (String aead : new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"}) {
        assertThat(handshake(context, weft, "TLSv1.2", aead)).isEqualTo(aead);
      }
      assertThat(handshake(context, weft, "TLSv1.3", "TLS_AES_128_GCM_SHA256")).isEqualTo("TLS_AES_128_GCM_SHA256");
      assertThat(handshake(context, weft, "TLSv1.3", "TLS_AES_256_GCM_SHA384")).isEqualTo("TLS_AES_256_GCM_SHA384");
      assertThatThrownBy(() -> handshake(context, weft, "TLSv1.1", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"))
          .isInstanceOf(IOException.class);
    }
  }

  private static boolean supported(SSLContext context, String suite) {
    return java.util.List.of(context.getSupportedSSLParameters().getCipherSuites()).contains(suite);
  }

  /** The suite the handshake agreed on; throws when the server refuses every suite or protocol offered. */
  private static String handshake(SSLContext context, TestCoordinator weft, String protocol, String suite)
      throws IOException {
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", weft.port())) {
      socket.setSoTimeout(10_000);
      socket.setEnabledProtocols(new String[] {protocol});
      socket.setEnabledCipherSuites(new String[] {suite});
      socket.startHandshake();
      return socket.getSession().getCipherSuite();
    }
  }
}
