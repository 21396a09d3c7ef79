package dev.weft.coordinator;

import dev.weft.common.security.Pem;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/** JDK HTTP clients that trust one CA, optionally presenting a client certificate (issue 6 tests). */
final class TlsClients {
  private TlsClients() {
  }

  static HttpClient trusting(String caPem) {
    return client(context(caPem, null, null));
  }

  static HttpClient withCertificate(String caPem, PrivateKey key, String certificatePem) {
    return client(context(caPem, key, certificatePem));
  }

  static SSLContext context(String caPem, PrivateKey key, String certificatePem) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", Pem.certificates(caPem).get(0));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (key != null) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        List<X509Certificate> chain = Pem.certificates(certificatePem);
        keys.setKeyEntry("host", key, new char[0], chain.toArray(new Certificate[0]));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpClient client(SSLContext context) {
    SSLParameters parameters = new SSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    return HttpClient.newBuilder().sslContext(context).sslParameters(parameters)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }
}
