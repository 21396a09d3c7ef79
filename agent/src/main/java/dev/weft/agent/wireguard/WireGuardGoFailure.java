package dev.weft.agent.wireguard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a {@code wireguard-go NAME} start failed, in one line. wireguard-go prints a box saying the kernel "has first
 * class support for WireGuard" on every start, on stderr, also on kernels without it: that is not the error. Its
 * own errors are log lines on stdout, {@code ERROR: (wg0) 2026/12/03 11:53:35 UAPI listen error: unix socket in use}
 * (verified with wireguard-go 0.0.20220316, with and without {@code -f} and {@code LOG_LEVEL}). Pure: given what the
 * process wrote, and whether its control socket exists.
 */
public final class WireGuardGoFailure {
  /** The control sockets' directory; wireguard-go's {@code /var/run/wireguard}. */
  public static final String SOCKET_DIR = "/var/run/wireguard";
  private static final Pattern LOG_LINE = Pattern.compile(
      "^(ERROR|INFO|DEBUG|WARNING|VERBOSE): \\([^)]*\\) \\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d (.*)$");

  private WireGuardGoFailure() {
  }

  /**
   * The error for a start that exited non-zero: {@code wireguard-go wg0 exited 1: REASON (LIKELY CAUSE)}.
   *
   * @param name         the interface name wireguard-go was asked for
   * @param exitCode     its exit status
   * @param stdout       what it wrote on stdout (its log); null or empty for nothing
   * @param stderr       what it wrote on stderr (the banner box, sometimes a Go panic); null or empty for nothing
   * @param socketExists whether {@code /var/run/wireguard/NAME.sock} exists after the failure: wireguard-go removes
   *                     one that nobody listens on, so one that is left belongs to a live wireguard-go
   */
  public static String message(String name, int exitCode, String stdout, String stderr, boolean socketExists) {
    String reason = reason(stdout, stderr);
    String socket = SOCKET_DIR + "/" + name + ".sock";
    String cause = "";
    if (reason.contains("UAPI listen error") || socketExists && !reason.contains("Failed to create TUN device")) {
      cause = " (" + socket + " is held by an earlier wireguard-go, for example one left running after its agent "
          + "stopped or after its network namespace was deleted: end that process (ps -C wireguard-go -o pid,args) "
          + "or remove the socket)";
    } else if (reason.contains("Failed to create TUN device") && reason.contains("busy")) {
      cause = " (an interface " + name + " exists already in this network namespace: ip link del " + name + ")";
    }
    return "wireguard-go " + name + " exited " + exitCode + ": " + reason + cause;
  }

  /**
   * The lines that say why: the messages of its ERROR log lines when there are any, else whatever it wrote
   * besides the banner, joined with "; ". "no reason given (only its banner)" when that is all there is.
   */
  public static String reason(String stdout, String stderr) {
    List<String> errors = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String text : new String[] {stdout, stderr}) {
      if (text == null) {
        continue;
      }
      for (String line : text.split("\\R")) {
        String stripped = line.strip();
        if (stripped.isEmpty() || isBanner(stripped)) {
          continue;
        }
        Matcher m = LOG_LINE.matcher(stripped);
        if (m.matches() && m.group(1).equals("ERROR")) {
          errors.add(m.group(2).strip());
        } else if (!m.matches()) {
          others.add(stripped);
        }
      }
    }
    List<String> chosen = errors.isEmpty() ? others : errors;
    return chosen.isEmpty() ? "no reason given (only its banner)" : String.join("; ", chosen);
  }

  /** A line of the banner box: it starts and ends with box-drawing characters (U+2500..U+257F). */
  private static boolean isBanner(String line) {
    return isBoxDrawing(line.charAt(0)) && isBoxDrawing(line.charAt(line.length() - 1));
  }

  private static boolean isBoxDrawing(char c) {
    return c >= '\u2500' && c <= '\u257F';
  }
}
