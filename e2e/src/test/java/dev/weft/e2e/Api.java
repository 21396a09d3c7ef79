package dev.weft.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A small client of the coordinator's REST API (admin token), over TLS checked against the coordinator's ca.pem. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  private final String base;
  private final String token;
  private final HttpClient http;

  Api(String base, String token) {
    this(base, token, null);
  }

  /** @param caPem the coordinator's {@code ca.pem} (issue 6), or null for plain HTTP */
  Api(String base, String token, java.nio.file.Path caPem) {
    this.base = base;
    this.token = token;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
    if (caPem != null) {
      builder.sslContext(trusting(caPem));
    }
    this.http = builder.build();
  }

  private static javax.net.ssl.SSLContext trusting(java.nio.file.Path caPem) {
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(caPem)) {
      java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
      javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
          javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + caPem + ": " + e, e);
    }
  }

  record Response(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (status " + status + "): " + body, e);
      }
    }
  }

  Response call(String method, String path, JsonNode body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  boolean health() {
    try {
      return call("GET", "/health", null).status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  JsonNode createNetwork(String name) {
    ObjectNode body = JSON.createObjectNode().put("name", name);
    Response r = call("POST", "/v1/networks", body);
    if (r.status() / 100 != 2) {
      throw new AssertionError("POST /v1/networks " + body + " -> " + r.status() + " " + r.body());
    }
    return r.json();
  }

  /** Creates an encrypted network (issue 6). */
  JsonNode createEncryptedNetwork(String name) {
    ObjectNode body = JSON.createObjectNode().put("name", name).put("encrypted", true);
    Response r = call("POST", "/v1/networks", body);
    if (r.status() / 100 != 2) {
      throw new AssertionError("POST /v1/networks " + body + " -> " + r.status() + " " + r.body());
    }
    return r.json();
  }

  /** The endpoints of a network as the coordinator lists them. */
  List<JsonNode> endpoints(String network) {
    Response r = call("GET", "/v1/networks/" + network + "/endpoints", null);
    if (r.status() != 200) {
      throw new AssertionError("GET endpoints of " + network + " -> " + r.status() + " " + r.body());
    }
    return items(r.json(), "endpoints");
  }

  List<JsonNode> hosts() {
    Response r = call("GET", "/v1/hosts", null);
    if (r.status() != 200) {
      throw new AssertionError("GET /v1/hosts -> " + r.status() + " " + r.body());
    }
    return items(r.json(), "hosts");
  }

  /** The endpoint of {@code containerId} in {@code network}, if listed. */
  Optional<JsonNode> endpointOf(String network, String containerId) {
    for (JsonNode e : endpoints(network)) {
      String c = text(e, "container", "containerId");
      if (c != null && !c.isEmpty() && (containerId.startsWith(c) || c.startsWith(containerId))) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** A list either bare or under {@code field}. */
  static List<JsonNode> items(JsonNode node, String field) {
    JsonNode arr = node.isArray() ? node : node.path(field);
    if (!arr.isArray()) {
      arr = node.path("items");
    }
    List<JsonNode> out = new ArrayList<>();
    arr.forEach(out::add);
    return out;
  }

  static String text(JsonNode n, String... fields) {
    for (String f : fields) {
      JsonNode v = n.get(f);
      if (v != null && !v.isNull()) {
        return v.asText();
      }
    }
    return null;
  }

  /** IP without prefix. */
  static String ip(JsonNode endpoint) {
    String ip = text(endpoint, "ip", "address");
    if (ip == null) {
      throw new AssertionError("endpoint without ip: " + endpoint);
    }
    int slash = ip.indexOf('/');
    return slash < 0 ? ip : ip.substring(0, slash);
  }
}
