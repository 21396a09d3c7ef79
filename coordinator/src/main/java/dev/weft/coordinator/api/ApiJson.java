package dev.weft.coordinator.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.weft.common.internal.Texts;
import dev.weft.common.error.ValidationException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Reading request bodies strictly and writing JSON responses. */
public final class ApiJson {
  static final String EXPECTED = "a JSON object";
  private final ObjectMapper mapper = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /**
   * The body as a JSON tree, every text in it (values and field names) valid Unicode. Refusals name what was sent
   * and never the parser's own words (class names, source excerpts): {@code body: not valid JSON (the body ends early
   * at line 1, column 9) (expected: a JSON object)}.
   *
   * @throws ValidationException (field {@code body}) when it is empty, sent as multipart (whose parts Vert.x takes
   *                             apart, so no JSON is left to read), not UTF-8 or not well-formed JSON; (field: the
   *                             JSON path, like {@code labels.tier}) when a text has an unpaired surrogate
   */
  public JsonNode body(RoutingContext ctx) {
    String mediaType = mediaType(ctx.request().getHeader("Content-Type"));
    if (mediaType != null && mediaType.startsWith("multipart/")) {
      throw new ValidationException("body", mediaType, EXPECTED + " with Content-Type application/json");
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new ValidationException("body", "empty", EXPECTED);
    }
    String text = utf8("body", body.getBytes());
    // RFC 8259 lets a parser ignore a byte order mark; some Windows tools write one
    text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    JsonNode node;
    try {
      node = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ValidationException("body", "not valid JSON (" + reason(e, text) + ")", EXPECTED);
    }
    if (node == null || node.isMissingNode()) {
      throw new ValidationException("body", "blank", EXPECTED);
    }
    requireUnicode("", node);
    return node;
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

  /** The media type without parameters, lower case; null when there is no header. */
  static String mediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Decodes strictly: a byte sequence that is not UTF-8 is refused rather than read as U+FFFD (and then stored as
   * something the client never sent).
   */
  static String utf8(String field, byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      CharBuffer chars = decoder.decode(in);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new ValidationException(field, "not valid UTF-8 (at byte " + in.position() + ")", EXPECTED + " in UTF-8");
    }
  }

  /**
   * What is wrong, in our words, with where: Jackson's messages name its classes and quote its source, none of
   * which a client needs.
   */
  static String reason(JsonProcessingException e, String text) {
    JsonLocation where = e.getLocation();
    String at = where == null || where.getLineNr() < 1 ? ""
        : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof JsonEOFException) {
      return "the body ends early" + at;
    }
    if (original.startsWith("Duplicate field '")) {
      int end = original.indexOf('\'', "Duplicate field '".length());
      String name = end < 0 ? "" : original.substring("Duplicate field '".length(), end);
      return "the field \"" + Texts.printable(name.length() > 20 ? name.substring(0, 20) + "..." : name)
          + "\" is given twice" + at;
    }
    if (e instanceof MismatchedInputException) {
      return "more follows the JSON value" + at;
    }
    if (original.startsWith("Invalid UTF-8") || original.contains("surrogate")) {
      return "not valid Unicode" + at;
    }
    if (original.startsWith("Unexpected end-of-input")) {
      return "the body ends early" + at;
    }
    if (original.startsWith("Illegal unquoted character")) {
      return "a control character inside a string" + at;
    }
    if (original.contains("nesting depth")) {
      return "nested too deeply" + at;
    }
    if (original.startsWith("Numeric value") && original.contains("out of range")) {
      return "a number out of range" + at;
    }
    if (original.startsWith("Unrecognized token '") && where != null) {
      // Jackson reports it once the whole word is read: point at its start
      int end = original.indexOf('\'', "Unrecognized token '".length());
      String token = end < 0 ? "" : original.substring("Unrecognized token '".length(), end);
      return "unexpected " + Texts.quote(token.length() > 20 ? token.substring(0, 20) + "..." : token)
          + " at line " + where.getLineNr() + ", column " + Math.max(1, where.getColumnNr() - token.length());
    }
    long offset = where == null ? -1 : where.getCharOffset();
    if (offset >= 0 && offset < text.length()) {
      int c = text.codePointAt((int) offset);
      return "unexpected " + (visible(c) ? "'" + new String(Character.toChars(c)) + "'"
          : String.format("character U+%04X", c)) + at;
    }
    return "unexpected input" + at;
  }

  /** Whether a message can show {@code c} as itself: not a control, space, format or unassigned character. */
  private static boolean visible(int c) {
    int type = Character.getType(c);
    return !Character.isISOControl(c) && !Character.isWhitespace(c) && !Character.isSpaceChar(c)
        && type != Character.FORMAT && type != Character.SURROGATE && type != Character.PRIVATE_USE
        && type != Character.UNASSIGNED;
  }

  /**
   * Refuses a text with an unpaired surrogate (JSON can write one, {@code "\ud800"}, but it is no character: stored,
   * it becomes '?', and written to a UTF-8 file it fails).
   */
  static void requireUnicode(String path, JsonNode node) {
    if (node.isTextual()) {
      requireUnicode(path, node.textValue());
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        requireUnicode(path + "[" + i + "]", node.get(i));
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (Texts.unpairedSurrogate(field.getKey()) >= 0) {
          throw new ValidationException(path.isEmpty() ? "body" : path, field.getKey(),
              "field names of valid Unicode text (this one has an unpaired surrogate)");
        }
        requireUnicode(child, field.getValue());
      }
    }
  }

  private static void requireUnicode(String path, String text) {
    if (Texts.unpairedSurrogate(text) >= 0) {
      throw new ValidationException(path.isEmpty() ? "body" : path, text,
          "valid Unicode text (it has an unpaired surrogate)");
    }
  }
}
