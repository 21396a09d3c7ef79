package dev.weft.coordinator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.weft.common.validation.ValidationException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Reading request bodies strictly and writing JSON responses. */
public final class ApiJson {
  private final ObjectMapper mapper = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /**
   * The body as a JSON tree.
   *
   * @throws ValidationException (field {@code body}) when it is empty or not well-formed JSON
   */
  public JsonNode body(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new ValidationException("body", "", "a JSON object");
    }
    String text = body.toString();
    try {
      JsonNode node = mapper.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new ValidationException("body", text, "a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ValidationException("body", text, "well-formed JSON (" + e.getOriginalMessage() + ")");
    }
  }

  public void respond(RoutingContext ctx, int status, Object value) {
    String json;
    try {
      json = mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      ctx.fail(e);
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
  }

  public void error(RoutingContext ctx, int status, String message) {
    respond(ctx, status, Map.of("error", message == null ? "error" : message));
  }
}
