package dev.weft.coordinator.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.impl.ws.WebSocketFrameInternal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Why {@link SharedTextFrame} uses a Vert.x internal class (issue 8): its frame's payload is the shared array itself,
 * while the public {@code textFrame} encodes its own copy per socket. Fails on a Vert.x upgrade that changes either.
 */
class SharedTextFrameTest {
  private static final byte[] UTF8 = "{\"type\":\"table-snapshot\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void sharedFrameIsAFinalTextFrameOverTheSameArray() {
    WebSocketFrame frame = SharedTextFrame.of(UTF8);
    assertThat(frame.isText()).isTrue();
    assertThat(frame.isFinal()).isTrue();
    assertThat(frame.textData()).isEqualTo(new String(UTF8, StandardCharsets.UTF_8));
    assertThat(((WebSocketFrameInternal) frame).getBinaryData().array()).isSameAs(UTF8);
  }

  @Test
  void publicTextFrameCopies() {
    WebSocketFrame frame = WebSocketFrame.textFrame(new String(UTF8, StandardCharsets.UTF_8), true);
    byte[] payload = new byte[UTF8.length];
    ((WebSocketFrameInternal) frame).getBinaryData().getBytes(0, payload);
    assertThat(payload).isEqualTo(UTF8);
    assertThat(((WebSocketFrameInternal) frame).getBinaryData().hasArray()
        && ((WebSocketFrameInternal) frame).getBinaryData().array() == UTF8).isFalse();
  }
}
