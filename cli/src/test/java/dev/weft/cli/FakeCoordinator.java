package dev.weft.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An honest fake of the coordinator's HTTP API: answers canned JSON per {@code METHOD /path?query} and records
 * every request. Anything not canned gets the coordinator's own 404 shape. As a JUnit extension
 * ({@code @RegisterExtension}) it stops after each test.
 */
final class FakeCoordinator implements AutoCloseable, AfterEachCallback {
  /** A recorded request; header names lower-case, first value only. */
  record Request(String method, String path, String query, Map<String, String> headers, String body) {
    String line() {
      return method + " " + path + (query == null ? "" : "?" + query);
    }
  }

  record Answer(int status, String body) {
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  FakeCoordinator() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A started fake answering every canned call of {@link Fixtures#answerAll}. */
  static FakeCoordinator answeringAll() {
    try {
      return Fixtures.answerAll(new FakeCoordinator());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers {@code method pathAndQuery} with {@code status} and {@code body} (null for none) from now on. */
  FakeCoordinator answer(String method, String pathAndQuery, int status, String body) {
    answers.put(method + " " + pathAndQuery, new Answer(status, body));
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestURI().getRawQuery(), headers, body);
      synchronized (this) {
        requests.add(request);
      }
      Answer answer = answers.getOrDefault(request.line(), new Answer(404,
          "{\"error\":\"no such resource: " + request.method() + " " + request.path() + "\"}"));
      if (answer.body() == null) {
        exchange.sendResponseHeaders(answer.status(), -1);
        return;
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
