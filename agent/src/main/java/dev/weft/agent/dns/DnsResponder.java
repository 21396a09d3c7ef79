package dev.weft.agent.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small DNS server over UDP (issue 5): names under {@link WeftNames#SUFFIX} are answered from {@code lookup}
 * (A records, TTL 1 s: tasks come and go), every other query is relayed byte for byte to the upstream resolver and its
 * answer relayed back. Listens on any number of addresses (one per container gateway). Netty's DNS codec encodes our
 * answers; relayed messages are not decoded at all.
 */
public final class DnsResponder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DnsResponder.class);
  static final int TTL = 1;

  /** Name → addresses: empty Optional for a name of ours that does not exist (NXDOMAIN). */
  public interface Lookup extends Function<String, Optional<List<String>>> {
  }

  /** A relayed query; {@code at} in the clock's millis. */
  private record Pending(ChannelHandlerContext server, InetSocketAddress client, int id, long at) {
  }

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  /** How long a relayed query waits for the upstream's answer before it is forgotten. */
  static final long RELAY_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(10);

  private final Lookup lookup;
  private final Clock clock;
  private final java.util.function.Supplier<List<InetSocketAddress>> upstreams;
  private final Map<InetSocketAddress, Channel> servers = new ConcurrentHashMap<>();
  private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
  private volatile Channel relay;
  private int nextId;

  /**
   * @param upstreams where other names go (read on every query, so that a changed resolv.conf takes effect)
   * @param clock     when relayed queries without an answer are forgotten
   */
  public DnsResponder(Lookup lookup, java.util.function.Supplier<List<InetSocketAddress>> upstreams, Clock clock) {
    this.lookup = lookup;
    this.upstreams = upstreams;
    this.clock = clock;
    // relay ids start anywhere, as before from the time, so that a restarted agent does not reuse the last ones
    this.nextId = (int) (clock.millis() & 0xffff);
  }

  /** Listens on {@code address} too (idempotent). @throws IllegalStateException when it cannot bind */
  public synchronized InetSocketAddress listen(InetSocketAddress address) {
    Channel existing = servers.get(address);
    if (existing != null && existing.isActive()) {
      return (InetSocketAddress) existing.localAddress();
    }
    try {
      Channel ch = new Bootstrap().group(group).channel(NioDatagramChannel.class)
          .handler(new ChannelInitializer<NioDatagramChannel>() {
            @Override
            protected void initChannel(NioDatagramChannel c) {
              c.pipeline().addLast(new Router(), new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                  new Answerer());
            }
          }).bind(address).sync().channel();
      servers.put(address, ch);
      relay(); // bound here, off the event loop: binding from a handler would wait on its own thread
      InetSocketAddress bound = (InetSocketAddress) ch.localAddress();
      LOG.info("DNS for *.{} listening on {}", WeftNames.SUFFIX, bound);
      return bound;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted binding " + address, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot listen for DNS on " + address + ": " + e.getMessage(), e);
    }
  }

  /** The addresses listened on. */
  public java.util.Set<InetSocketAddress> listening() {
    return java.util.Set.copyOf(servers.keySet());
  }

  /** Routes raw queries: ours to the decoder, the rest to the upstream. */
  private final class Router extends SimpleChannelInboundHandler<DatagramPacket> {
    Router() {
      super(false);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      String name = DnsWire.questionName(packet.content());
      if (name != null && WeftNames.ours(name)) {
        ctx.fireChannelRead(packet);
        return;
      }
      try {
        forward(ctx, packet);
      } finally {
        packet.release();
      }
    }
  }

  private final class Answerer extends SimpleChannelInboundHandler<DatagramDnsQuery> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
      DnsQuestion q = query.recordAt(DnsSection.QUESTION);
      DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
      response.setAuthoritativeAnswer(true).setRecursionDesired(query.isRecursionDesired()).setRecursionAvailable(true);
      if (q == null) {
        response.setCode(DnsResponseCode.FORMERR);
        ctx.writeAndFlush(response);
        return;
      }
      response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(q.name(), q.type(), q.dnsClass()));
      Optional<List<String>> found = lookup.apply(q.name());
      if (found.isEmpty()) {
        response.setCode(DnsResponseCode.NXDOMAIN);
      } else if (q.type() == DnsRecordType.A || q.type() == DnsRecordType.ANY) {
        for (String ip : found.get()) {
          response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(q.name(), DnsRecordType.A, TTL,
              Unpooled.wrappedBuffer(address(ip))));
        }
      } // AAAA and other types of an existing name: NOERROR without records (NODATA)
      ctx.writeAndFlush(response);
    }
  }

  /**
   * Relays a raw query. The reply is written through the router's context, ahead of the DNS encoder (which would take
   * any addressed envelope for a DNS response).
   */
  private void forward(ChannelHandlerContext server, DatagramPacket packet) {
    List<InetSocketAddress> up = upstreams.get();
    if (up.isEmpty()) {
      return; // no resolver: the client times out, as it would with none configured
    }
    Channel out = relay();
    int id;
    synchronized (this) {
      id = nextId = (nextId + 1) & 0xffff;
    }
    long now = clock.millis();
    pending.values().removeIf(p -> now - p.at() > RELAY_WAIT_MILLIS);
    pending.put(id, new Pending(server, packet.sender(), DnsWire.id(packet.content()), now));
    io.netty.buffer.ByteBuf copy = packet.content().copy();
    DnsWire.setId(copy, id);
    out.writeAndFlush(new DatagramPacket(copy, up.get(0)));
  }

  private synchronized Channel relay() {
    if (relay == null || !relay.isActive()) {
      try {
        relay = new Bootstrap().group(group).channel(NioDatagramChannel.class)
            .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket reply) {
                if (reply.content().readableBytes() < 12) {
                  return;
                }
                Pending p = pending.remove(DnsWire.id(reply.content()));
                if (p == null) {
                  return;
                }
                io.netty.buffer.ByteBuf copy = reply.content().copy();
                DnsWire.setId(copy, p.id());
                p.server().writeAndFlush(new DatagramPacket(copy, p.client()));
              }
            }).bind(new InetSocketAddress(0)).sync().channel();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return relay;
  }

  private static byte[] address(String ip) {
    try {
      return InetAddress.getByName(ip).getAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(ip, e);
    }
  }

  @Override
  public void close() {
    servers.values().forEach(Channel::close);
    if (relay != null) {
      relay.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
