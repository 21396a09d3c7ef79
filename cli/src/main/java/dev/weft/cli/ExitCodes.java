package dev.weft.cli;

/**
 * The exit codes of {@code weft}, documented in cli/README.md. Scripts branch on these, so they never change
 * meaning; new ones get new numbers.
 */
public final class ExitCodes {
  /** Done. */
  public static final int OK = 0;
  /** The coordinator refused or failed the call (400, 5xx, any status without a code of its own). */
  public static final int FAILED = 1;
  /** Bad command line or configuration (unknown option, bad --coordinator URL, unreadable --config file). */
  public static final int USAGE = 2;
  /** 404: no such network, host, service or route. */
  public static final int NOT_FOUND = 3;
  /** 409: the change conflicts with what exists (a name in use, a network with endpoints, an exhausted pool). */
  public static final int CONFLICT = 4;
  /** 401 or 403: no token, a wrong token, or a token not allowed to do this. */
  public static final int UNAUTHORIZED = 5;
  /** The coordinator could not be reached at all (refused, unknown host, timeout). */
  public static final int UNREACHABLE = 6;

  private ExitCodes() {
  }

  /** The exit code for an HTTP error status (400..599). */
  public static int forStatus(int status) {
    return switch (status) {
      case 404 -> NOT_FOUND;
      case 409 -> CONFLICT;
      case 401, 403 -> UNAUTHORIZED;
      default -> FAILED;
    };
  }
}
