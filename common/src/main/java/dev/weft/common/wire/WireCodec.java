package dev.weft.common.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * JSON encoding of the agent channel. Unknown fields are ignored so that a newer peer can add fields; unknown
 * message types fail with {@link IllegalArgumentException}.
 */
public final class WireCodec {
  private final ObjectMapper mapper = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  public String encode(ToAgent message) {
    return write(message);
  }

  public String encode(ToCoordinator message) {
    return write(message);
  }

  /** @throws IllegalArgumentException when the text is not a valid message */
  public ToCoordinator decodeToCoordinator(String json) {
    return read(json, ToCoordinator.class);
  }

  /** @throws IllegalArgumentException when the text is not a valid message */
  public ToAgent decodeToAgent(String json) {
    return read(json, ToAgent.class);
  }

  private String write(Object message) {
    try {
      return mapper.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> T read(String json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a valid " + type.getSimpleName() + " message: " + e.getOriginalMessage(), e);
    }
  }
}
