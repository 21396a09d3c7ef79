package dev.weft.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the kernels of all lab hosts hold, whatever way the agent lays out its devices: every network namespace on
 * this machine that has a VXLAN device (the lab hosts' own namespaces and every named namespace, found as nsfs
 * mounts), with its bridge FDB and its neighbour table.
 */
final class KernelView {
  record Ns(String path, String fdb, String neigh) {
    boolean hasMac(String mac) {
      return fdb.toLowerCase().contains(mac.toLowerCase()) || neigh.toLowerCase().contains(mac.toLowerCase());
    }

    boolean hasNeighbour(String ip) {
      Pattern p = Pattern.compile("(^|\\n)" + Pattern.quote(ip) + "\\s");
      return p.matcher(neigh).find();
    }
  }

  private KernelView() {
  }

  static List<Ns> weftNamespaces() {
    Map<Long, String> byInode = new LinkedHashMap<>();
    List<String> candidates = new ArrayList<>();
    try (var s = Files.list(Path.of("/var/run/netns"))) {
      s.filter(p -> p.getFileName().toString().startsWith("weftlab-")).forEach(p -> candidates.add(p.toString()));
    } catch (IOException e) {
      // no lab
    }
    Sh.Result mounts = Sh.run(Duration.ofSeconds(10), "findmnt", "-rn", "-t", "nsfs", "-o", "TARGET");
    for (String line : mounts.out().split("\n")) {
      if (!line.isBlank()) {
        candidates.add(line.trim().replace("\\x20", " "));
      }
    }
    for (String c : candidates) {
      try {
        Object ino = Files.getAttribute(Path.of(c), "unix:ino");
        byInode.putIfAbsent(((Number) ino).longValue(), c);
      } catch (IOException | RuntimeException e) {
        // vanished meanwhile
      }
    }
    List<Ns> out = new ArrayList<>();
    for (String path : byInode.values()) {
      Sh.Result r = Sh.run(Duration.ofSeconds(10), "nsenter", "--net=" + path, "sh", "-c",
          "ip -d -o link show type vxlan | grep -q . || exit 3; bridge fdb show; echo '----'; ip neigh show");
      if (r.exit() == 0) {
        String[] parts = r.out().split("----\n?", 2);
        out.add(new Ns(path, parts[0], parts.length > 1 ? parts[1] : ""));
      }
    }
    return out;
  }

  static String describe(List<Ns> all, String mac, String ip) {
    StringBuilder b = new StringBuilder();
    for (Ns n : all) {
      b.append(n.path()).append(": mac ").append(n.hasMac(mac) ? "present" : "absent").append(", neighbour ")
          .append(n.hasNeighbour(ip) ? "present" : "absent").append('\n');
      for (String line : (n.fdb() + "\n" + n.neigh()).split("\n")) {
        if (line.toLowerCase().contains(mac.toLowerCase()) || line.startsWith(ip + " ")) {
          b.append("    ").append(line.strip()).append('\n');
        }
      }
    }
    return b.toString();
  }
}
