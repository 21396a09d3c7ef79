package dev.weft.coordinator.error;

/** The base of Weft's own failures: each says its {@link Kind}, so that no transport needs to know the classes. */
public abstract class WeftException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Kind kind;

  protected WeftException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public final Kind kind() {
    return kind;
  }
}
