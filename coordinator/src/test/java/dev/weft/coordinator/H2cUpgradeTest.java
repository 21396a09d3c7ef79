package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's HttpClient (the CLI's, the agent's, most Java users') asks a plain-HTTP server for an h2c upgrade on its
 * first request. Against the coordinator with h2c on, about one such request in 13 never completed, and its request
 * timeout never fired: a test hung CI that way. The coordinator speaks HTTP/1.1 only, with or without TLS.
 */
class H2cUpgradeTest {
  @TempDir
  Path dataDir;

  @Test
  void firstRequestsOfFreshJdkClientsAreAllAnsweredOverHttp11() throws Exception {
    try (TestCoordinator weft = TestCoordinator.start(dataDir)) {
      for (int i = 0; i < 200; i++) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThat(client.version()).isEqualTo(HttpClient.Version.HTTP_2); // so it asks for h2c
        // bounded outside the client: the hang this guards against ignored the request's own timeout
        HttpResponse<String> response = client.sendAsync(weft.admin("/v1/networks").GET().build(),
            HttpResponse.BodyHandlers.ofString()).get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
        assertThat(response.version()).as("request %d", i).isEqualTo(HttpClient.Version.HTTP_1_1);
      }
    }
  }
}
