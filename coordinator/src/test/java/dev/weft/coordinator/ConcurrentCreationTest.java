package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.net.Cidr;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parallel creations never share a VNI or an overlapping subnet, and every one is acknowledged exactly once. */
class ConcurrentCreationTest {
  @TempDir
  Path dataDir;
  TestCoordinator weft;

  @AfterEach
  void stop() {
    if (weft != null) {
      weft.close();
    }
  }

  @Test
  void fiftyParallelCreationsGetDistinctVnisAndDisjointSubnets() throws IOException {
    weft = TestCoordinator.start(dataDir);
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      HttpRequest request = weft.admin("/v1/networks")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"net-" + i + "\"}")).build();
      calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    Set<Integer> vnis = new HashSet<>();
    List<Cidr> subnets = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> response = call.join();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      JsonNode network = TestCoordinator.JSON.readTree(response.body());
      assertThat(vnis.add(network.path("vni").asInt())).as("VNI unique").isTrue();
      subnets.add(Cidr.parse(network.path("subnet").asText()));
    }
    for (int i = 0; i < subnets.size(); i++) {
      for (int j = i + 1; j < subnets.size(); j++) {
        assertThat(subnets.get(i).overlaps(subnets.get(j))).as(subnets.get(i) + " vs " + subnets.get(j)).isFalse();
      }
    }
    assertThat(weft.get("/v1/networks").json().size()).isEqualTo(50);
  }

  @Test
  void parallelCreationsOfOneNameYieldExactlyOneNetwork() {
    weft = TestCoordinator.start(dataDir);
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(client.sendAsync(weft.admin("/v1/networks")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"same\"}")).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    long created = calls.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 201).count();
    long conflicts = calls.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 409).count();
    assertThat(created).isEqualTo(1);
    assertThat(conflicts).isEqualTo(19);
  }
}
