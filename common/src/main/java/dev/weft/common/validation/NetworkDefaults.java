package dev.weft.common.validation;

import dev.weft.common.error.ValidationException;

import dev.weft.common.ipam.BlockAllocator;
import dev.weft.common.ipam.SubnetAllocator;
import dev.weft.common.ipam.VniAllocator;
import dev.weft.common.ipam.VniRange;
import dev.weft.common.net.Cidr;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How the coordinator fills in what a network request leaves out. Field names in messages are the settings'
 * flag names: {@code pool}, {@code subnet-prefix}, {@code vni-range}, {@code block-prefix}.
 *
 * <p>The defaults: pool {@code 100.64.0.0/10} (RFC 6598 shared address space), clear of Docker's bridge pools
 * (172.17.0.0/16-172.31.0.0/16, 192.168.0.0/16) and Swarm's default overlay pool (10.0.0.0/8); /24 subnets; VNIs
 * 256-4095, below Docker's overlay VNIs (4096 and up); /26 blocks.
 *
 * @param pools        where subnets come from, tried in order; not empty, not overlapping each other, each /8 or
 *                     smaller, each at least as large as {@code subnetPrefix}
 * @param subnetPrefix size of allocated subnets, /8 to /29
 * @param vnis         range VNIs are allocated from
 * @param blockPrefix  default per-host block size, /8 to /30; clamped per network to the subnet's prefix by
 *                     {@link BlockAllocator#effectivePrefix}
 */
public record NetworkDefaults(List<Cidr> pools, int subnetPrefix, VniRange vnis, int blockPrefix) implements Serializable {
  public static final NetworkDefaults DEFAULTS =
      new NetworkDefaults(List.of(Cidr.parse("100.64.0.0/10")), 24, VniRange.DEFAULT, 26);

  /** @throws ValidationException naming the first setting that breaks a rule */
  public NetworkDefaults {
    if (pools == null || pools.isEmpty()) {
      throw new ValidationException("pool", pools == null ? null : "", "one or more CIDRs like 100.64.0.0/10");
    }
    pools = List.copyOf(pools);
    if (vnis == null) {
      throw new ValidationException("vni-range", null, VniRange.EXPECTED);
    }
    Rules.range("subnet-prefix", subnetPrefix, Rules.MIN_SUBNET_PREFIX, Rules.MAX_SUBNET_PREFIX);
    Rules.range("block-prefix", blockPrefix, Rules.MIN_SUBNET_PREFIX, Rules.MAX_BLOCK_PREFIX);
    for (int i = 0; i < pools.size(); i++) {
      Cidr pool = pools.get(i);
      // the size first: a pool too small for its subnets is told the size that fits, not only /29
      if (pool.prefix() > subnetPrefix) {
        Cidr fitting = Cidr.containing(pool.network(), subnetPrefix);
        throw new ValidationException("pool", pool.toString(),
            "a pool of /" + subnetPrefix + " or larger, to hold /" + subnetPrefix + " subnets"
                + (Rules.isUsable(fitting, subnetPrefix) ? ", like " + fitting : ""));
      }
      Rules.usable("pool", pool, Rules.MAX_SUBNET_PREFIX);
      for (int j = 0; j < i; j++) {
        if (pools.get(j).overlaps(pool)) {
          throw new ValidationException("pool", pool.toString(), "pools that do not overlap (it overlaps "
              + pools.get(j) + ")");
        }
      }
    }
  }

  /**
   * Reads the four settings as text, as flags and environment variables give them; a null or blank setting takes
   * its default.
   *
   * @param pools        comma-separated CIDRs: {@code 100.64.0.0/10,198.18.0.0/15}
   * @param subnetPrefix a prefix length with or without its slash: {@code 24} or {@code /24}
   * @param vniRange     {@code 256-4095}
   * @param blockPrefix  a prefix length with or without its slash
   * @throws ValidationException naming the first setting that is malformed or breaks a rule
   */
  public static NetworkDefaults parse(String pools, String subnetPrefix, String vniRange, String blockPrefix) {
    int prefix = blank(subnetPrefix) ? DEFAULTS.subnetPrefix : parsePrefix("subnet-prefix", subnetPrefix);
    return new NetworkDefaults(
        blank(pools) ? DEFAULTS.pools : parsePools(pools, prefix),
        prefix,
        blank(vniRange) ? DEFAULTS.vnis : VniRange.parse(vniRange),
        blank(blockPrefix) ? DEFAULTS.blockPrefix : parsePrefix("block-prefix", blockPrefix));
  }

  /**
   * Reads comma-separated strict CIDRs; spaces around commas are allowed. Only the shape is checked here; the
   * constructor checks sizes and overlaps.
   *
   * @throws ValidationException (field {@code pool}) when {@code text} is null, blank or has a bad CIDR
   */
  public static List<Cidr> parsePools(String text) {
    return parsePools(text, Rules.MAX_SUBNET_PREFIX);
  }

  /** As {@link #parsePools(String)}, with hints that fit pools of {@code subnetPrefix} subnets. */
  private static List<Cidr> parsePools(String text, int subnetPrefix) {
    if (blank(text)) {
      throw new ValidationException("pool", text, "one or more CIDRs like 100.64.0.0/10,198.18.0.0/15");
    }
    List<Cidr> pools = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      try {
        pools.add(Cidr.parse(part.strip()));
      } catch (IllegalArgumentException e) {
        throw new ValidationException("pool", part.strip(), Rules.cidrExpectation(part.strip(),
            Math.max(Rules.MIN_SUBNET_PREFIX, Math.min(subnetPrefix, Rules.MAX_SUBNET_PREFIX))));
      }
    }
    return pools;
  }

  /**
   * Checks the request's {@code blockPrefix} against the subnet it will get. With a subnet the request checks it
   * itself; without one the subnet comes from the pools at {@link #subnetPrefix}, and a block cannot be larger than
   * its subnet: {@code blockPrefix: 8} with /24 subnets is refused, as Calico refuses a block size shorter than its
   * pool's prefix, rather than silently made 24. (The configured default block prefix is still clamped per network:
   * it was not asked for by this request.)
   *
   * @return {@code request}
   * @throws ValidationException (field {@code blockPrefix}) naming the valid range, the subnet size and the pools
   */
  public NetworkRequest requireBlockFits(NetworkRequest request) {
    Integer block = request.blockPrefix();
    if (request.subnet() == null && block != null && block < subnetPrefix) {
      throw new ValidationException("blockPrefix", block.toString(), subnetPrefix + ".." + Rules.MAX_BLOCK_PREFIX
          + ": without a subnet the network gets a /" + subnetPrefix + " from the pool " + poolsText()
          + "; give a subnet of /" + block + " or larger for /" + block + " blocks");
    }
    return request;
  }

  /** A subnet allocator over these pools and this subnet prefix. */
  public SubnetAllocator subnetAllocator() {
    return new SubnetAllocator(pools, subnetPrefix);
  }

  /** A VNI allocator over this range. */
  public VniAllocator vniAllocator() {
    return new VniAllocator(vnis);
  }

  /** The pools as {@link #parse} reads them: comma-separated, no spaces. */
  public String poolsText() {
    return String.join(",", pools.stream().map(Cidr::toString).toList());
  }

  private static int parsePrefix(String field, String text) {
    String digits = text.strip();
    digits = digits.startsWith("/") ? digits.substring(1) : digits;
    if (!digits.matches("[0-9]{1,2}")) {
      throw new ValidationException(field, text, "a prefix length like 24 or /24");
    }
    return Integer.parseInt(digits);
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
