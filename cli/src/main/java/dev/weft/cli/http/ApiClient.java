package dev.weft.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import dev.weft.cli.config.Settings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Calls the coordinator's REST API. Every failure becomes a {@link CliException}: {@link ApiException} for an
 * error status, {@link ExitCodes#UNREACHABLE} when no answer came.
 */
public final class ApiClient {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final Settings settings;
  private final ObjectMapper mapper;
  private final String userAgent;

  public ApiClient(Settings settings, ObjectMapper mapper, String version) {
    // HTTP/1.1: the default HTTP/2 client sends an h2c upgrade on every plain-text request, which buys nothing here
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
    if (settings.caCert() != null) {
      builder.sslContext(TrustedCa.context(settings.caCert(), settings.caCertSource()));
    }
    this.http = builder.build();
    this.settings = settings;
    this.mapper = mapper;
    this.userAgent = "weft-cli/" + version;
  }

  public ApiResponse get(String path) {
    return send("GET", path, null);
  }

  public ApiResponse post(String path, JsonNode body) {
    return send("POST", path, body);
  }

  public ApiResponse put(String path) {
    return send("PUT", path, null);
  }

  public ApiResponse delete(String path) {
    return send("DELETE", path, null);
  }

  /**
   * @param path absolute path with query, segments already encoded (see {@link Paths})
   * @param body JSON body, or null for none
   * @return the answer when its status is 2xx
   * @throws ApiException for a 4xx/5xx answer, with the server's {@code error} message
   * @throws CliException ({@link ExitCodes#UNREACHABLE}) when the coordinator could not be reached
   */
  public ApiResponse send(String method, String path, JsonNode body) {
    URI uri = URI.create(settings.coordinator() + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json").header("User-Agent", userAgent);
    if (settings.token() != null) {
      request.header("Authorization", "Bearer " + settings.token());
    }
    if (body != null) {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CliException(ExitCodes.UNREACHABLE,
          "cannot reach coordinator at " + settings.coordinator() + ": " + reason(e) + " (coordinator from "
              + settings.coordinatorSource() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted while waiting for " + method + " " + path, e);
    }
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    if (status >= 200 && status < 300) {
      return new ApiResponse(status, text);
    }
    if (status >= 300 && status < 400) {
      throw new ApiException(status, "HTTP " + status + " from " + method + " " + path + " redirects to "
          + response.headers().firstValue("Location").orElse("nowhere") + " (expected: the coordinator's own URL)");
    }
    throw new ApiException(status, errorMessage(status, text));
  }

  private String errorMessage(int status, String body) {
    String message = serverError(status, body);
    if (status == 401) {
      return message + (settings.token() == null
          ? " (no token found: pass --token, set WEFT_TOKEN, put token= in the config file, or run where "
              + "./weft-data/admin-token is readable)"
          : " (the token from " + settings.tokenSource() + " was refused)");
    }
    return message;
  }

  private String serverError(int status, String body) {
    try {
      JsonNode node = mapper.readTree(body);
      if (node != null && node.path("error").isTextual()) {
        return node.get("error").asText();
      }
    } catch (IOException e) {
      // not JSON: a proxy or something else answered; show what it said
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    if (oneLine.length() > 200) {
      oneLine = oneLine.substring(0, 200) + "…";
    }
    return oneLine.isEmpty() ? "HTTP " + status : "HTTP " + status + ": " + oneLine;
  }

  static String reason(Throwable e) {
    String connect = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException) {
        return "unknown host";
      }
      if (t instanceof HttpConnectTimeoutException) {
        return "no connection within " + CONNECT_TIMEOUT.toSeconds() + "s";
      }
      if (t instanceof HttpTimeoutException) {
        return "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s";
      }
      if (t instanceof SSLException) {
        return "TLS failed: " + t.getMessage() + (t.getMessage() != null && (t.getMessage().contains("PKIX")
            || t.getMessage().contains("certificate")) ? " (the coordinator's certificate is not signed by the "
            + "CA given: pass its ca.pem with --ca-cert FILE or WEFT_CA_CERT)" : "");
      }
      if (t instanceof ConnectException && connect == null) {
        // the JDK client's ConnectException for a refused connection often has no message
        connect = t.getMessage() == null || t.getMessage().isBlank() ? "connection refused" : t.getMessage();
      }
    }
    if (connect != null) {
      return connect;
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
