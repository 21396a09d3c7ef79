package dev.weft.agent.dns;

import io.netty.buffer.ByteBuf;

/** The few bytes of a raw DNS message the responder routes by (RFC 1035 §4.1). Pure. */
final class DnsWire {
  private DnsWire() {
  }

  /** The first question's name without the trailing dot, or null when the message is no well-formed query. */
  static String questionName(ByteBuf message) {
    int start = message.readerIndex();
    int end = message.writerIndex();
    if (end - start < 12) {
      return null;
    }
    int flags = message.getUnsignedShort(start + 2);
    int questions = message.getUnsignedShort(start + 4);
    if ((flags & 0x8000) != 0 || questions < 1) {
      return null; // a response, or no question
    }
    StringBuilder name = new StringBuilder();
    int i = start + 12;
    while (true) {
      if (i >= end) {
        return null;
      }
      int len = message.getUnsignedByte(i);
      if (len == 0) {
        break;
      }
      if (len > 63 || i + 1 + len > end || name.length() + len > 253) {
        return null; // compression is not used in questions; longer labels are malformed
      }
      if (name.length() > 0) {
        name.append('.');
      }
      for (int k = 0; k < len; k++) {
        name.append((char) message.getUnsignedByte(i + 1 + k));
      }
      i += 1 + len;
    }
    return i + 5 <= end ? name.toString() : null; // type and class follow the name
  }

  static int id(ByteBuf message) {
    return message.getUnsignedShort(message.readerIndex());
  }

  static void setId(ByteBuf message, int id) {
    message.setShort(message.readerIndex(), id);
  }
}
