package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document is valid OpenAPI 3.0 (issue 13): swagger-parser reads it without a single message.
 * Unquoted descriptions inside YAML flow mappings ({@code {description: PEM, subject CN=…}}) split into extra keys,
 * and a {@code mutualTLS} security scheme is not OpenAPI 3.0; both were messages here. The build also lints the
 * document with Redocly CLI (the coordinator's verify phase); this is the fast check of the same thing.
 */
class OpenApiDocumentTest {
  @Test
  void theServedDocumentParsesWithoutMessages() throws IOException {
    String yaml;
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIParser().readContents(yaml, null, options);

    assertThat(result.getMessages()).as("swagger-parser's messages").isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.0.3");
    assertThat(result.getOpenAPI().getPaths()).containsKeys("/v1/networks", "/v1/hosts", "/v1/agent");
    assertThat(result.getOpenAPI().getComponents().getSecuritySchemes())
        .containsOnlyKeys("adminToken", "readToken", "joinToken");
  }
}
