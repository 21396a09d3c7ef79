package dev.weft.agent.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * Pointing a container's {@code /etc/resolv.conf} at the Weft responder and back (issue 5). The original nameserver
 * lines are kept as comments, so that {@link #restore} gives back exactly what Docker wrote. Pure.
 */
public final class ResolvConf {
  static final String MARK = "# weft: names under ." + WeftNames.SUFFIX
      + " are answered by the Weft agent, all others are forwarded to the original resolvers";
  static final String ORIGINAL = "# weft-original: ";
  /** Docker's embedded DNS for user-defined networks: reachable only inside the container, so not forwardable. */
  public static final String DOCKER_EMBEDDED = "127.0.0.11";

  private ResolvConf() {
  }

  /** The {@code nameserver} addresses, in order. */
  public static List<String> nameservers(String content) {
    List<String> out = new ArrayList<>();
    for (String line : content.split("\n")) {
      String t = line.trim();
      if (t.startsWith("nameserver")) {
        String[] parts = t.split("\\s+");
        if (parts.length >= 2) {
          out.add(parts[1]);
        }
      }
    }
    return out;
  }

  public static boolean pointed(String content) {
    return content.contains(MARK);
  }

  /** The file with {@code nameserver} as its only resolver; the same file when already pointed there. */
  public static String point(String content, String nameserver) {
    String original = restore(content);
    StringBuilder out = new StringBuilder(MARK).append('\n').append("nameserver ").append(nameserver).append('\n');
    for (String line : original.split("\n", -1)) {
      out.append(line.trim().startsWith("nameserver") ? ORIGINAL + line : line).append('\n');
    }
    out.setLength(out.length() - 1); // split kept the text after the last newline as one more line
    return out.toString();
  }

  /** The file as it was before {@link #point}; unchanged when not pointed. */
  public static String restore(String content) {
    if (!pointed(content)) {
      return content;
    }
    String[] lines = content.split("\n", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.equals(MARK)) {
        i++; // and the nameserver line that follows it
        continue;
      }
      out.append(line.startsWith(ORIGINAL) ? line.substring(ORIGINAL.length()) : line);
      if (i < lines.length - 1) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The default gateway of a network namespace from its {@code /proc/PID/net/route} (hex, little-endian), or null.
   */
  public static String defaultGateway(String procNetRoute) {
    for (String line : procNetRoute.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[1].equals("00000000") && !f[2].equals("00000000")) {
        try {
          long g = Long.parseLong(f[2], 16);
          return (g & 0xff) + "." + ((g >> 8) & 0xff) + "." + ((g >> 16) & 0xff) + "." + ((g >> 24) & 0xff);
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }
}
