package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12, defect 9: what a client sees for a body or query that cannot be read. Each refusal is 400, names the field
 * and what was sent, shows none of the parser's internals (class names, source excerpts), and stores nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestErrorsTest {
  private static final String INTERNALS = "(?s).*(com\\.fasterxml|io\\.vertx|Exception|Source:|\\[Source|"
      + "REDACTED|StreamReadFeature|JsonToken|marker).*";
  TestCoordinator weft;

  @BeforeAll
  void start(@org.junit.jupiter.api.io.TempDir Path dataDir) {
    weft = TestCoordinator.start(dataDir);
  }

  @AfterAll
  void stop() {
    if (weft != null) {
      weft.close();
    }
  }

  static Stream<Arguments> unreadableBodies() {
    return Stream.of(
        Arguments.of("{\"name\":", "body: not valid JSON (the body ends early at line 1, column 9) "
            + "(expected: a JSON object)"),
        Arguments.of("{\"name\":\"a\"} x", "body: not valid JSON (unexpected \"x\" at line 1, column 14) "
            + "(expected: a JSON object)"),
        Arguments.of("{\"name\":\"a\"} {}", "body: not valid JSON (more follows the JSON value at line 1, column 14) "
            + "(expected: a JSON object)"),
        Arguments.of("{\"name\":\"d1\",\"name\":\"d2\"}", "body: not valid JSON (the field \"name\" is given twice "
            + "at line 1, column 20) (expected: a JSON object)"),
        Arguments.of("{\"name\":x}", "body: not valid JSON (unexpected \"x\" at line 1, column 9) "
            + "(expected: a JSON object)"),
        Arguments.of("{name:\"a\"}", "body: not valid JSON (unexpected 'n' at line 1, column 2) "
            + "(expected: a JSON object)"),
        Arguments.of("{\"name\":\"a\nb\"}", "body: not valid JSON (a control character inside a string at line 1, "
            + "column 11) (expected: a JSON object)"),
        Arguments.of("{\"name\":\"a\",}", "body: not valid JSON (unexpected '}' at line 1, column 13) "
            + "(expected: a JSON object)"),
        Arguments.of("{\"name\":\u200b\"a\"}", "body: not valid JSON (unexpected character U+200B at line 1, "
            + "column 9) (expected: a JSON object)"),
        Arguments.of("", "body: empty (expected: a JSON object)"),
        Arguments.of("   ", "body: blank (expected: a JSON object)"),
        Arguments.of("[" .repeat(2000), "body: not valid JSON (nested too deeply) "
            + "(expected: a JSON object)"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("unreadableBodies")
  void unreadableJsonIsNamedWithoutTheParsersInternals(String body, String error) {
    int before = weft.get("/v1/networks").json().size();
    TestCoordinator.Reply reply = weft.post("/v1/networks", body);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).isEqualTo(error).doesNotMatch(INTERNALS);
    assertThat(weft.get("/v1/networks").json().size()).as("nothing stored").isEqualTo(before);
  }

  /** It was answered {@code body:  (expected: a JSON object)}: Vert.x takes multipart apart, leaving no body. */
  @Test
  void aMultipartBodyIsNamed() {
    String boundary = "weftboundary";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nmulti\r\n--" + boundary
        + "--\r\n";
    TestCoordinator.Reply reply = weft.send(weft.admin("/v1/networks")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).isEqualTo("body: multipart/form-data (expected: a JSON object with Content-Type "
        + "application/json)");
    assertThat(weft.get("/v1/networks/multi").status()).isEqualTo(404);
  }

  /** curl -d sends form-urlencoded; the README's own example relies on it being read as JSON. */
  @Test
  void jsonSentAsAFormIsStillRead() {
    TestCoordinator.Reply reply = weft.send(weft.admin("/v1/networks")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"curled\"}")));
    assertThat(reply.status()).isEqualTo(201);
  }

  @Test
  void aByteOrderMarkIsIgnored() {
    assertThat(weft.post("/v1/networks", "\uFEFF{\"name\":\"bom\"}").status()).isEqualTo(201);
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() {
    byte[] prefix = "{\"name\":\"u8\",\"labels\":{\"tier\":\"".getBytes(StandardCharsets.US_ASCII);
    // ED A0 80 is U+D800 in CESU-8: not UTF-8; a lenient decoder makes it U+FFFD
    byte[] body = new byte[prefix.length + 5];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xED;
    body[prefix.length + 1] = (byte) 0xA0;
    body[prefix.length + 2] = (byte) 0x80;
    body[prefix.length + 3] = '"';
    body[prefix.length + 4] = '}';
    TestCoordinator.Reply reply = weft.send(weft.admin("/v1/networks").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).isEqualTo("body: not valid UTF-8 (at byte " + prefix.length + ") (expected: a JSON "
        + "object in UTF-8)");
    assertThat(weft.get("/v1/networks/u8").status()).isEqualTo(404);
  }

  static Stream<Arguments> loneSurrogates() {
    return Stream.of(
        Arguments.of("{\"name\":\"ls1\",\"labels\":{\"tier\":\"\\ud800\"}}", "ls1",
            "labels.tier: \\ud800 (expected: valid Unicode text (it has an unpaired surrogate))"),
        Arguments.of("{\"name\":\"ls2\",\"labels\":{\"tier\":\"web\\udfff\"}}", "ls2",
            "labels.tier: web\\udfff (expected: valid Unicode text (it has an unpaired surrogate))"),
        Arguments.of("{\"name\":\"ls3\",\"labels\":{\"t\\ud800\":\"web\"}}", "ls3",
            "labels: t\\ud800 (expected: field names of valid Unicode text (this one has an unpaired surrogate))"),
        Arguments.of("{\"name\":\"\\ud800\"}", "ls4",
            "name: \\ud800 (expected: valid Unicode text (it has an unpaired surrogate))"),
        Arguments.of("{\"name\":\"ls5\",\"subnet\":\"10.0.0.0/24\\udc00\"}", "ls5",
            "subnet: 10.0.0.0/24\\udc00 (expected: valid Unicode text (it has an unpaired surrogate))"),
        Arguments.of("{\"name\":\"ls6\",\"\\ud800\":1}", "ls6",
            "body: \\ud800 (expected: field names of valid Unicode text (this one has an unpaired surrogate))"));
  }

  /** A label with a lone surrogate was stored and read back as '?'. */
  @ParameterizedTest(name = "{2}")
  @MethodSource("loneSurrogates")
  void aLoneSurrogateIsRefusedNamingTheField(String body, String name, String error) {
    TestCoordinator.Reply reply = weft.post("/v1/networks", body);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).isEqualTo(error);
    assertThat(weft.get("/v1/networks/" + name).status()).as("nothing stored").isEqualTo(404);
  }

  @Test
  void aPairedSurrogateIsAnOrdinaryCharacter() {
    TestCoordinator.Reply reply = weft.post("/v1/networks", "{\"name\":\"emoji\",\"labels\":{\"mood\":\"\\ud83d\\ude00\"}}");
    assertThat(reply.status()).isEqualTo(201);
    assertThat(weft.get("/v1/networks/emoji").json().path("labels").path("mood").asText()).isEqualTo("\uD83D\uDE00");
  }

  static Stream<Arguments> badForces() {
    return Stream.of(
        Arguments.of("force=true&force=false", "force: \"true\", \"false\" (expected: true or false, once)"),
        Arguments.of("force=true&force=true", "force: \"true\", \"true\" (expected: true or false, once)"),
        Arguments.of("force=false&force=true", "force: \"false\", \"true\" (expected: true or false, once)"),
        Arguments.of("force=yes", "force: \"yes\" (expected: true or false, once)"),
        Arguments.of("force=", "force: \"\" (expected: true or false, once)"),
        Arguments.of("force", "force: \"\" (expected: true or false, once)"),
        Arguments.of("force=TRUE", "force: \"TRUE\" (expected: true or false, once)"));
  }

  /** {@code ?force=true&force=false} was taken as true and deleted a network with endpoints. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badForces")
  void aForceGivenTwiceOrOtherThanTrueOrFalseIsRefused(String query, String error) {
    assertThat(weft.post("/v1/networks", "{\"name\":\"kept\"}").status()).isIn(201, 409);
    TestCoordinator.Reply reply = weft.delete("/v1/networks/kept?" + query);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).isEqualTo(error);
    assertThat(weft.get("/v1/networks/kept").status()).as("not deleted").isEqualTo(200);
  }

  @Test
  void forceOnceIsRead() {
    assertThat(weft.post("/v1/networks", "{\"name\":\"gone1\"}").status()).isEqualTo(201);
    assertThat(weft.delete("/v1/networks/gone1?force=false").status()).isEqualTo(204);
    assertThat(weft.post("/v1/networks", "{\"name\":\"gone2\"}").status()).isEqualTo(201);
    assertThat(weft.delete("/v1/networks/gone2?force=true").status()).isEqualTo(204);
  }
}
