package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route the coordinator registers, with each of its methods, is in the served OpenAPI document. */
class OpenApiCompletenessTest {
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
  void everyRouteAndMethodIsDocumented() {
    weft = TestCoordinator.start(dataDir);
    check(documented(weft.get("/v1/openapi.yaml").body()));
  }

  /** With TLS (the default) there are more routes: {@code POST /v1/join} (issue 6). The document is the jar's. */
  @Test
  void everyRouteWithTlsIsDocumented() throws java.io.IOException {
    weft = TestCoordinator.start(dataDir, c -> c.withTls(true));
    try (java.io.InputStream in = OpenApiCompletenessTest.class.getResourceAsStream("/openapi.yaml")) {
      check(documented(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
    }
    assertThat(weft.coordinator().routes().stream().map(Route::getPath)).contains("/v1/join");
  }

  private void check(Map<String, Set<String>> documented) {
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Route route : weft.coordinator().routes()) {
      String path = route.getPath();
      if (path == null || route.methods() == null || route.methods().isEmpty()) {
        continue; // auth, body and failure handlers that apply to every path
      }
      String openapiPath = path.replaceAll(":([A-Za-z]+)", "{$1}");
      for (HttpMethod method : route.methods()) {
        checked++;
        String m = method.name().toLowerCase();
        if (!documented.getOrDefault(openapiPath, Set.of()).contains(m)) {
          missing.add(m + " " + openapiPath);
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(10);
    assertThat(missing).as("routes missing from openapi.yaml").isEmpty();
  }

  /** Path to its operations, read from the {@code paths:} section by indentation (two spaces per level). */
  private static Map<String, Set<String>> documented(String yaml) {
    Map<String, Set<String>> paths = new HashMap<>();
    boolean inPaths = false;
    String current = null;
    for (String line : yaml.split("\n")) {
      if (!line.startsWith(" ")) {
        inPaths = line.startsWith("paths:");
        continue;
      }
      if (!inPaths) {
        continue;
      }
      if (line.startsWith("  /") && !line.startsWith("   ")) {
        current = line.trim().replaceAll(":$", "");
        paths.put(current, new HashSet<>());
      } else if (current != null && line.startsWith("    ") && !line.startsWith("     ")) {
        String key = line.trim().replaceAll(":.*$", "");
        if (Set.of("get", "post", "put", "delete", "patch", "head", "options").contains(key)) {
          paths.get(current).add(key);
        }
      }
    }
    return paths;
  }
}
