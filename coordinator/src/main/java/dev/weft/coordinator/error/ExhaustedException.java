package dev.weft.coordinator.error;

/**
 * A pool (subnets, VNIs, blocks of a subnet) has nothing left. HTTP 409; on the agent channel
 * {@code pool-exhausted}. Counted in {@code weft_allocation_failures_total}.
 */
public final class ExhaustedException extends WeftException {
  private static final long serialVersionUID = 1L;

  public ExhaustedException(String message) {
    super(Kind.EXHAUSTED, message, null);
  }
}
