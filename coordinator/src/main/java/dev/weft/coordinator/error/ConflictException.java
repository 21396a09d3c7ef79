package dev.weft.coordinator.error;

/** The request is valid but clashes with what exists (name, subnet, VNI, address, endpoints left). HTTP 409. */
public final class ConflictException extends WeftException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(Kind.CONFLICT, message, null);
  }
}
