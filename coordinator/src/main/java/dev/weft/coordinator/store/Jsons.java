package dev.weft.coordinator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hazelcast.core.HazelcastJsonValue;

/**
 * JSON of stored values. A stateless, thread-safe codec shared by the stores and their entry processors (which
 * Hazelcast runs on partition threads, possibly on another member, so they cannot be handed an instance).
 */
public final class Jsons {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private Jsons() {
  }

  public static HazelcastJsonValue toJson(Object value) {
    return new HazelcastJsonValue(write(value));
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** The value, or null for null. */
  public static <T> T read(HazelcastJsonValue json, Class<T> type) {
    return json == null ? null : read(json.toString(), type);
  }

  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt stored " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }
}
