package dev.weft.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/** Creates the simulation's networks through the coordinator's REST API, as an administrator. */
final class NetworkSetup {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI coordinator;
  private final String adminToken;

  /** @param coordinator the base URL of one member, such as {@code http://127.0.0.1:8080} */
  NetworkSetup(URI coordinator, String adminToken) {
    this.coordinator = coordinator;
    this.adminToken = adminToken;
  }

  /**
   * Creates networks net-00, net-01, …, network i with subnet {@code subnet.apply(i)} (null: from the pool).
   *
   * @return network name to the subnet the coordinator gave it, in creation order
   * @throws IllegalStateException when the coordinator refuses one
   */
  Map<String, String> create(int count, IntFunction<String> subnet) throws IOException, InterruptedException {
    Map<String, String> made = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = String.format("net-%02d", i);
      String given = subnet.apply(i);
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(coordinator.resolve("/v1/networks"))
          .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + adminToken)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"name\":\"" + name + "\"" + (given == null ? "" : ",\"subnet\":\"" + given + "\"") + "}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201 && response.statusCode() != 200) {
        throw new IllegalStateException("creating " + name + ": " + response.statusCode() + " " + response.body());
      }
      JsonNode network = JSON.readTree(response.body());
      made.put(name, network.path("subnet").asText());
    }
    return made;
  }
}
