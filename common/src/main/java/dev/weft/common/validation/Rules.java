package dev.weft.common.validation;

import dev.weft.common.error.ValidationException;

import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import java.util.List;

/** The value rules shared by requests and settings; each throws {@link ValidationException} naming its field. */
final class Rules {
  static final int MIN_SUBNET_PREFIX = 8;
  static final int MAX_SUBNET_PREFIX = 29;
  static final int MAX_BLOCK_PREFIX = 30;
  /** Ranges no container address can come from: "this network", loopback, multicast and reserved (RFC 6890). */
  static final List<Cidr> RESERVED = List.of(Cidr.parse("0.0.0.0/8"), Cidr.parse("127.0.0.0/8"),
      Cidr.parse("224.0.0.0/3"));
  static final String NAME_EXPECTED =
      "a DNS label: 1-63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit";

  private Rules() {
  }

  static String name(String field, String name) {
    if (name == null || name.isEmpty() || name.length() > 63 || name.startsWith("-") || name.endsWith("-")) {
      throw new ValidationException(field, name, NAME_EXPECTED);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        throw new ValidationException(field, name, NAME_EXPECTED);
      }
    }
    return name;
  }

  /** A strict CIDR of /8../maxPrefix, clear of reserved ranges. */
  static Cidr cidr(String field, String text, int maxPrefix) {
    Cidr cidr;
    try {
      cidr = Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ValidationException(field, text, cidrExpectation(text, maxPrefix));
    }
    return usable(field, cidr, maxPrefix);
  }

  /** Whether {@code cidr} passes {@link #usable}: /8../maxPrefix and clear of the reserved ranges. */
  static boolean isUsable(Cidr cidr, int maxPrefix) {
    return cidr.prefix() >= MIN_SUBNET_PREFIX && cidr.prefix() <= maxPrefix
        && RESERVED.stream().noneMatch(reserved -> reserved.overlaps(cidr));
  }

  static Cidr usable(String field, Cidr cidr, int maxPrefix) {
    if (cidr.prefix() > maxPrefix) {
      throw new ValidationException(field, cidr.toString(),
          "a prefix of /" + maxPrefix + " or shorter (/" + cidr.prefix() + " is too small to use)"
              + like(Cidr.containing(cidr.network(), maxPrefix), maxPrefix, ", like "));
    }
    if (cidr.prefix() < MIN_SUBNET_PREFIX) {
      throw new ValidationException(field, cidr.toString(), "a prefix of /" + MIN_SUBNET_PREFIX + " or longer"
          + like(Cidr.containing(cidr.network(), MIN_SUBNET_PREFIX), maxPrefix, ", like "));
    }
    for (Cidr reserved : RESERVED) {
      if (reserved.overlaps(cidr)) {
        throw new ValidationException(field, cidr.toString(),
            "a unicast range clear of 0.0.0.0/8, 127.0.0.0/8 and 224.0.0.0/3 (it overlaps " + reserved + ")");
      }
    }
    return cidr;
  }

  static int range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ValidationException(field, Integer.toString(value), min + ".." + max);
    }
    return value;
  }

  /**
   * For a text that is not a CIDR: the masked form when only host bits are wrong, else the general shape. Every
   * network it names is itself accepted with this {@code maxPrefix}: the masked form is moved into /8../maxPrefix
   * ({@code 10.0.0.0/1} suggests {@code 10.0.0.0/8}, not {@code 0.0.0.0/1}), and when it would still be refused
   * (a reserved range, say) the general shape is given instead.
   */
  static String cidrExpectation(String text, int maxPrefix) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash > 0) {
      try {
        int prefix = Integer.parseInt(text.substring(slash + 1));
        if (prefix < 0 || prefix > 32) {
          return "an IPv4 network like " + example(maxPrefix);
        }
        Ipv4 address = Ipv4.parse(text.substring(0, slash));
        int clamped = Math.max(MIN_SUBNET_PREFIX, Math.min(maxPrefix, prefix));
        Cidr masked = Cidr.containing(address, clamped);
        if (isUsable(masked, maxPrefix)) {
          return clamped == prefix ? "a network address without host bits, like " + masked
              : "a network address without host bits and a prefix of /" + MIN_SUBNET_PREFIX + " to /" + maxPrefix
                  + ", like " + masked;
        }
      } catch (IllegalArgumentException e) {
        // not even an address and prefix: fall through to the general shape
      }
    }
    return "an IPv4 network like " + example(maxPrefix);
  }

  /** A network every /8../maxPrefix rule accepts: 10.10.0.0/24, or 10.0.0.0/8 for /8. */
  static Cidr example(int maxPrefix) {
    return Cidr.containing(Ipv4.parse("10.10.0.0"), Math.max(MIN_SUBNET_PREFIX, Math.min(24, maxPrefix)));
  }

  /** {@code lead + cidr} when {@code cidr} would be accepted, else nothing: a hint is never itself refused. */
  private static String like(Cidr cidr, int maxPrefix, String lead) {
    return isUsable(cidr, maxPrefix) ? lead + cidr : "";
  }
}
