package dev.weft.common.net;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.weft.common.internal.Texts;
import java.io.Serializable;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * An IPv4 network: an address with no host bits set and a prefix length 0..32. Strict: {@code 10.0.0.1/24} is not
 * a {@code Cidr} (use {@link #containing(Ipv4, int)} to mask). Sorts by network address, then by prefix (the
 * larger network first). In JSON it is its canonical string, {@code 10.0.0.0/24}.
 *
 * @param network the first address
 * @param prefix  the number of network bits, 0..32
 */
public record Cidr(Ipv4 network, int prefix) implements Serializable, Comparable<Cidr> {

  /**
   * @throws IllegalArgumentException when {@code network} is null, {@code prefix} is outside 0..32, or
   *                                  {@code network} has host bits set
   */
  public Cidr {
    if (network == null) {
      throw new IllegalArgumentException("network: null (expected: an IPv4 address)");
    }
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix: " + prefix + " (expected: 0..32)");
    }
    if ((network.bits() & ~mask(prefix)) != 0) {
      Ipv4 masked = new Ipv4(network.bits() & mask(prefix));
      throw new IllegalArgumentException(network + "/" + prefix + " has host bits set (expected: " + masked + "/"
          + prefix + ")");
    }
  }

  /**
   * Parses {@code a.b.c.d/n} strictly: a strict dotted quad ({@link Ipv4#parse}), a slash, and a prefix 0..32
   * without sign or leading zero; no spaces; no host bits set.
   *
   * @throws IllegalArgumentException when {@code text} is null or not such a CIDR; the message says why, for host
   *                                  bits like {@code 10.0.0.1/24 has host bits set (expected: 10.0.0.0/24)}
   */
  @JsonCreator
  public static Cidr parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("not a CIDR: null (expected: an IPv4 network like 10.0.0.0/24)");
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a CIDR: " + Texts.quote(text)
          + " (expected: an IPv4 network with a prefix length, like 10.0.0.0/24)");
    }
    Ipv4 address;
    try {
      address = Ipv4.parse(text.substring(0, slash));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a CIDR: " + Texts.quote(text)
          + " (expected: an IPv4 network like 10.0.0.0/24)", e);
    }
    int prefix = prefixOf(text.substring(slash + 1));
    if (prefix < 0) {
      throw new IllegalArgumentException("not a CIDR: " + Texts.quote(text) + " (expected: a prefix length 0..32)");
    }
    return new Cidr(address, prefix);
  }

  /** The network of the given prefix length that contains {@code address} (its host bits cleared). */
  public static Cidr containing(Ipv4 address, int prefix) {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix: " + prefix + " (expected: 0..32)");
    }
    return new Cidr(new Ipv4(address.bits() & mask(prefix)), prefix);
  }

  /** The netmask as 32 bits: /24 is {@code 0xFFFFFF00}, /0 is 0. */
  public static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  /** Number of addresses, network and broadcast included: 2^(32-prefix). */
  public long size() {
    return 1L << (32 - prefix);
  }

  /** The last address (the broadcast address for prefixes up to /30). */
  public Ipv4 broadcast() {
    return new Ipv4(network.bits() | ~mask(prefix));
  }

  /**
   * The {@code index}-th address, the network address being index 0.
   *
   * @throws IndexOutOfBoundsException when {@code index} is outside 0..size()-1
   */
  public Ipv4 address(long index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("index: " + index + " (expected: 0.." + (size() - 1) + " in " + this + ")");
    }
    return network.plus(index);
  }

  /** Whether {@code address} is inside this network; false for null. */
  public boolean contains(Ipv4 address) {
    return address != null && (address.bits() & mask(prefix)) == network.bits();
  }

  /** Whether every address of {@code other} is inside this network (true for itself); false for null. */
  public boolean contains(Cidr other) {
    return other != null && other.prefix >= prefix && contains(other.network);
  }

  /** Whether the two networks share an address, which for CIDRs means one contains the other. Symmetric. */
  public boolean overlaps(Cidr other) {
    return contains(other) || (other != null && other.contains(this));
  }

  /** Number of subnets of the given prefix length: 2^(subPrefix-prefix). */
  public long subnetCount(int subPrefix) {
    requireSubPrefix(subPrefix);
    return 1L << (subPrefix - prefix);
  }

  /**
   * The {@code index}-th subnet of the given prefix length, in address order.
   *
   * @throws IllegalArgumentException  when {@code subPrefix} is outside prefix()..32
   * @throws IndexOutOfBoundsException when {@code index} is outside 0..subnetCount(subPrefix)-1
   */
  public Cidr subnet(int subPrefix, long index) {
    long count = subnetCount(subPrefix);
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("index: " + index + " (expected: 0.." + (count - 1) + ")");
    }
    return new Cidr(network.plus(index << (32 - subPrefix)), subPrefix);
  }

  /**
   * Every subnet of the given prefix length in address order, made lazily (a /8 has 2^24 /32s; none is built
   * before it is asked for). The network itself when {@code subPrefix == prefix()}.
   *
   * @throws IllegalArgumentException when {@code subPrefix} is outside prefix()..32
   */
  public Stream<Cidr> subnets(int subPrefix) {
    long count = subnetCount(subPrefix);
    return LongStream.range(0, count).mapToObj(i -> subnet(subPrefix, i));
  }

  @Override
  public int compareTo(Cidr other) {
    int byNetwork = network.compareTo(other.network);
    return byNetwork != 0 ? byNetwork : Integer.compare(prefix, other.prefix);
  }

  /** The canonical form, for example {@code 10.0.0.0/24}; {@link #parse} reads it back. */
  @JsonValue
  @Override
  public String toString() {
    return network + "/" + prefix;
  }

  private void requireSubPrefix(int subPrefix) {
    if (subPrefix < prefix || subPrefix > 32) {
      throw new IllegalArgumentException("prefix: " + subPrefix + " (expected: " + prefix + "..32 within " + this
          + ")");
    }
  }

  private static int prefixOf(String text) {
    if (text.isEmpty() || text.length() > 2 || (text.length() == 2 && text.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 32 ? value : -1;
  }
}
