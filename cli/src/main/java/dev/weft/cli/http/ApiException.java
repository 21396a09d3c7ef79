package dev.weft.cli.http;

import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;

/** The coordinator answered with an error status; the message is its {@code error} text. */
public final class ApiException extends CliException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public ApiException(int status, String message) {
    super(ExitCodes.forStatus(status), message);
    this.status = status;
  }

  /** The HTTP status, 400..599. */
  public int status() {
    return status;
  }
}
