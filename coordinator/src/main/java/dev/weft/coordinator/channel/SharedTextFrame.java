package dev.weft.coordinator.channel;

import io.netty.buffer.Unpooled;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * A text frame over shared UTF-8 bytes, wrapped and not copied: one snapshot sent to thousands of agents stays one
 * array in the heap however far behind their sockets are (issue 8: 5,000 copies of a 600 KB snapshot ran a 4 GiB
 * coordinator out of memory).
 *
 * <p>The only use of a Vert.x internal class in the coordinator, kept here alone. Vert.x 5.0's public API has no text
 * frame over bytes: {@code WebSocketFrame.textFrame(String, boolean)} and {@code writeTextMessage} encode the string
 * again per socket (the copy this avoids), and {@code binaryFrame(Buffer, …)} or {@code write(Buffer)} would change the
 * wire protocol (agents read text frames). On an upgrade that breaks this class, replace it by a public text frame
 * over a {@code Buffer} if Vert.x has gained one, else by {@code WebSocketFrame.textFrame(text, true)}, accepting the
 * copy per socket, and measure with the scale bench's fan-out scenario before shipping.
 */
final class SharedTextFrame {
  private SharedTextFrame() {
  }

  /** A final text frame whose payload is {@code utf8} itself; the array must never be modified. */
  static WebSocketFrame of(byte[] utf8) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(utf8), true);
  }
}
