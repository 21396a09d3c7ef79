package dev.weft.agent.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points attached task containers at the {@link DnsResponder} (issue 5). For each container: its default gateway (the
 * Docker bridge address on this host, reachable from inside the container without any new route) gets a responder
 * socket on port 53, and the container's {@code /etc/resolv.conf} (written through {@code /proc/PID/root}, the very
 * file Docker bind-mounts) names that gateway, keeping the original nameservers as comments; queries for other names
 * are relayed to this host's resolvers, which is what Docker copied into the file in the first place. Containers on
 * user-defined Docker networks use Docker's embedded DNS (127.0.0.11) that no one outside can reach: they are left
 * alone and logged. Detached containers get their original file back. Runs on the reconciler's thread.
 */
public final class ContainerDns {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerDns.class);

  private final DnsResponder responder;
  private final Path proc;
  private final int port;
  /** container id → pid, for the containers whose resolv.conf points at us. */
  private final Map<String, Integer> pointed = new HashMap<>();
  private final Set<String> logged = new HashSet<>();

  public ContainerDns(DnsResponder responder, Path proc, int port) {
    this.responder = responder;
    this.proc = proc;
    this.port = port;
  }

  /** @param attached every container now attached (id → pid) that should resolve Weft names */
  public void update(Map<String, Integer> attached) {
    for (Map.Entry<String, Integer> c : attached.entrySet()) {
      Integer had = pointed.get(c.getKey());
      if (had != null && had.equals(c.getValue())) {
        continue;
      }
      try {
        if (point(c.getKey(), c.getValue())) {
          pointed.put(c.getKey(), c.getValue());
        }
      } catch (IOException | RuntimeException e) {
        once(c.getKey(), "container " + shortId(c.getKey()) + ": cannot point its resolver at Weft DNS: " + e.getMessage());
      }
    }
    for (String id : new ArrayList<>(pointed.keySet())) {
      if (!attached.containsKey(id)) {
        int pid = pointed.remove(id);
        try {
          Path file = resolv(pid);
          if (Files.exists(file)) {
            Files.writeString(file, ResolvConf.restore(Files.readString(file)));
            LOG.info("container {} left: its resolv.conf is restored", shortId(id));
          }
        } catch (IOException | RuntimeException e) {
          LOG.debug("container {}: resolv.conf not restored (gone?): {}", shortId(id), e.toString());
        }
      }
    }
    logged.retainAll(attached.keySet());
  }

  private boolean point(String id, int pid) throws IOException {
    String gateway = ResolvConf.defaultGateway(Files.readString(proc.resolve(pid + "/net/route")));
    if (gateway == null) {
      once(id, "container " + shortId(id) + ": no default route; Weft names are not resolvable inside it");
      return false;
    }
    Path file = resolv(pid);
    String content = Files.readString(file, StandardCharsets.UTF_8);
    List<String> servers = ResolvConf.nameservers(ResolvConf.restore(content));
    if (servers.contains(ResolvConf.DOCKER_EMBEDDED)) {
      once(id, "container " + shortId(id) + " uses Docker's embedded DNS (a user-defined network): Weft names are "
          + "not resolvable inside it");
      return false;
    }
    responder.listen(new InetSocketAddress(gateway, port));
    String next = ResolvConf.point(content, gateway);
    if (!next.equals(content)) {
      Files.writeString(file, next, StandardCharsets.UTF_8);
      LOG.info("container {}: resolver now {} for *.{} (others forwarded)", shortId(id), gateway, WeftNames.SUFFIX);
    }
    return true;
  }

  private Path resolv(int pid) {
    return proc.resolve(pid + "/root/etc/resolv.conf");
  }

  private void once(String id, String message) {
    if (logged.add(id)) {
      LOG.warn(message);
    }
  }

  /** This host's resolvers from {@code /etc/resolv.conf}, where other names go; empty when none. */
  public static List<InetSocketAddress> hostResolvers(Path resolvConf) {
    try {
      return ResolvConf.nameservers(Files.readString(resolvConf)).stream()
          .map(ip -> new InetSocketAddress(ip, 53)).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
