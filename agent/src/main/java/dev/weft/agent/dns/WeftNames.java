package dev.weft.agent.dns;

import dev.weft.common.model.Endpoint;
import dev.weft.common.net.Ipv4;
import dev.weft.common.table.NetworkTable;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The names Weft answers (issue 5): {@code <service>.<network>.weft} → the Weft addresses of that Swarm service's tasks
 * on that network, from the endpoint tables this agent holds (every host's endpoints, this host's included). Pure.
 */
public final class WeftNames {
  /** The domain Weft answers for; anything else is forwarded. */
  public static final String SUFFIX = "weft";

  /**
   * A name under {@link #SUFFIX}.
   *
   * @param service null when the name has no service part ({@code blue.weft})
   */
  public record Name(String service, String network) {
  }

  private WeftNames() {
  }

  /** Whether {@code qname} (with or without the trailing dot, any case) is {@link #SUFFIX} or below it. */
  public static boolean ours(String qname) {
    String n = normal(qname);
    return n.equals(SUFFIX) || n.endsWith("." + SUFFIX);
  }

  /** {@code web.blue.weft.} → (web, blue); empty for names not of that shape (then the answer is NXDOMAIN). */
  public static Optional<Name> parse(String qname) {
    String n = normal(qname);
    if (!n.endsWith("." + SUFFIX)) {
      return Optional.empty();
    }
    String[] labels = n.substring(0, n.length() - SUFFIX.length() - 1).split("\\.", -1);
    if (labels.length == 1 && !labels[0].isEmpty()) {
      return Optional.of(new Name(null, labels[0]));
    }
    if (labels.length == 2 && !labels[0].isEmpty() && !labels[1].isEmpty()) {
      return Optional.of(new Name(labels[0], labels[1]));
    }
    return Optional.empty();
  }

  /**
   * The addresses of {@code name}, in address order; empty when the network is not held or the service has no
   * endpoint there. Service names compare without case (DNS does).
   */
  public static List<String> addresses(Name name, Map<String, NetworkTable> tables) {
    NetworkTable table = tables.get(name.network());
    if (table == null || name.service() == null) {
      return List.of();
    }
    return table.endpoints().values().stream()
        .filter(e -> e.service() != null && e.service().toLowerCase(Locale.ROOT).equals(name.service()))
        .map(Endpoint::ip)
        .sorted(Comparator.comparing(Ipv4::parse))
        .toList();
  }

  private static String normal(String qname) {
    String n = qname.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}
