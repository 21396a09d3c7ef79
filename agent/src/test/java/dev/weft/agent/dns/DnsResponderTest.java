package dev.weft.agent.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The responder over real UDP on loopback: our names answered, others relayed to a fake upstream unchanged. */
class DnsResponderTest {
  final List<DnsResponder> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(DnsResponder::close);
  }

  static byte[] query(int id, String name, int type) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) (id >> 8), (byte) id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
    for (String label : name.split("\\.")) {
      out.write(label.length());
      out.writeBytes(label.getBytes());
    }
    out.write(0);
    out.writeBytes(new byte[] {0, (byte) type, 0, 1});
    return out.toByteArray();
  }

  record Answer(int id, int rcode, List<String> addresses) {
  }

  /** Reads the header and the A records of a response (names in answers are compressed pointers or labels). */
  static Answer parse(byte[] m, int length) {
    ByteBuffer b = ByteBuffer.wrap(m, 0, length);
    int id = b.getShort() & 0xffff;
    int flags = b.getShort() & 0xffff;
    int qd = b.getShort();
    int an = b.getShort();
    b.getShort();
    b.getShort();
    for (int i = 0; i < qd; i++) {
      skipName(b);
      b.getInt();
    }
    List<String> ips = new ArrayList<>();
    for (int i = 0; i < an; i++) {
      skipName(b);
      int type = b.getShort();
      b.getShort();
      b.getInt();
      int len = b.getShort();
      byte[] data = new byte[len];
      b.get(data);
      if (type == 1) {
        ips.add((data[0] & 0xff) + "." + (data[1] & 0xff) + "." + (data[2] & 0xff) + "." + (data[3] & 0xff));
      }
    }
    return new Answer(id, flags & 0xf, ips);
  }

  static void skipName(ByteBuffer b) {
    while (true) {
      int len = b.get() & 0xff;
      if (len == 0) {
        return;
      }
      if ((len & 0xc0) == 0xc0) {
        b.get();
        return;
      }
      b.position(b.position() + len);
    }
  }

  static Answer ask(InetSocketAddress server, byte[] query) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(3000);
      s.send(new DatagramPacket(query, query.length, server));
      byte[] buf = new byte[1500];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      s.receive(p);
      return parse(buf, p.getLength());
    }
  }

  DnsResponder responder(Map<String, List<String>> names, List<InetSocketAddress> upstream) {
    return responder(names, upstream, Clock.systemUTC());
  }

  DnsResponder responder(Map<String, List<String>> names, List<InetSocketAddress> upstream, Clock clock) {
    DnsResponder r = new DnsResponder(name -> WeftNames.parse(name).map(n -> n.service() + "." + n.network())
        .map(k -> names.getOrDefault(k, List.of())).filter(ips -> !ips.isEmpty()), () -> upstream, clock);
    open.add(r);
    return r;
  }

  @Test
  void answersOurNamesWithEveryAddressAndNxdomainForUnknownOnes() throws Exception {
    DnsResponder r = responder(Map.of("web.blue", List.of("100.64.0.2", "100.64.0.66")), List.of());
    InetSocketAddress at = r.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Answer a = ask(at, query(4711, "web.blue.weft", 1));
    assertThat(a.id()).isEqualTo(4711);
    assertThat(a.rcode()).isZero();
    assertThat(a.addresses()).containsExactly("100.64.0.2", "100.64.0.66");
    assertThat(ask(at, query(7, "nope.blue.weft", 1)).rcode()).isEqualTo(3);
    Answer aaaa = ask(at, query(8, "web.blue.weft", 28));
    assertThat(aaaa.rcode()).isZero();
    assertThat(aaaa.addresses()).isEmpty();
  }

  @Test
  void otherNamesAreRelayedToTheUpstreamAndItsAnswerComesBackWithTheClientsId() throws Exception {
    try (DatagramSocket upstream = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      upstream.setSoTimeout(3000);
      DnsResponder r = responder(Map.of(), List.of((InetSocketAddress) upstream.getLocalSocketAddress()));
      InetSocketAddress at = r.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread fake = new Thread(() -> {
        try {
          byte[] buf = new byte[1500];
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          upstream.receive(p);
          // answer: same id, QR set, the question, one A record 192.0.2.7
          byte[] q = java.util.Arrays.copyOf(buf, p.getLength());
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          out.writeBytes(new byte[] {q[0], q[1], (byte) 0x81, (byte) 0x80, 0, 1, 0, 1, 0, 0, 0, 0});
          out.writeBytes(java.util.Arrays.copyOfRange(q, 12, q.length));
          out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 192, 0, 2, 7});
          byte[] reply = out.toByteArray();
          upstream.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      fake.start();
      Answer a = ask(at, query(999, "example.com", 1));
      assertThat(a.id()).isEqualTo(999);
      assertThat(a.addresses()).containsExactly("192.0.2.7");
      fake.join(3000);
    }
    assertThat(Optional.empty()).isEmpty();
  }

  @Test
  void aRelayedQueryTheUpstreamLeftUnansweredIsForgottenAfterItsWait() throws Exception {
    Settable clock = new Settable();
    try (DatagramSocket upstream = new DatagramSocket(0, InetAddress.getLoopbackAddress());
         DatagramSocket client = new DatagramSocket()) {
      upstream.setSoTimeout(3000);
      client.setSoTimeout(3000);
      DnsResponder r = responder(Map.of(), List.of((InetSocketAddress) upstream.getLocalSocketAddress()), clock);
      InetSocketAddress at = r.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      byte[] first = query(1, "example.com", 1);
      client.send(new DatagramPacket(first, first.length, at));
      DatagramPacket firstRelayed = receive(upstream);
      // the wait passes without an answer; the next relayed query forgets the first
      clock.now = clock.now.plusMillis(DnsResponder.RELAY_WAIT_MILLIS + 1);
      byte[] second = query(2, "example.org", 1);
      client.send(new DatagramPacket(second, second.length, at));
      DatagramPacket secondRelayed = receive(upstream);
      answer(upstream, firstRelayed);
      answer(upstream, secondRelayed);
      byte[] buf = new byte[1500];
      DatagramPacket got = new DatagramPacket(buf, buf.length);
      client.receive(got);
      assertThat(parse(buf, got.getLength()).id()).isEqualTo(2);
    }
  }

  private static DatagramPacket receive(DatagramSocket socket) throws Exception {
    byte[] buf = new byte[1500];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    socket.receive(p);
    return p;
  }

  /** Answers a relayed query as an upstream would: same id, QR set, its question, one A record. */
  private static void answer(DatagramSocket upstream, DatagramPacket query) throws Exception {
    byte[] q = java.util.Arrays.copyOf(query.getData(), query.getLength());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {q[0], q[1], (byte) 0x81, (byte) 0x80, 0, 1, 0, 1, 0, 0, 0, 0});
    out.writeBytes(java.util.Arrays.copyOfRange(q, 12, q.length));
    out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 192, 0, 2, 7});
    byte[] reply = out.toByteArray();
    upstream.send(new DatagramPacket(reply, reply.length, query.getSocketAddress()));
  }

  /** A clock the test moves. */
  private static final class Settable extends Clock {
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
