package dev.weft.agent.control;

import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the reconciler needs from the coordinator connection. One real implementation: {@link ControlClient}. */
public interface CoordinatorLink {

  /**
   * Sends {@code message} if connected (queued while registering); dropped otherwise, because the next
   * {@code register} carries the host's whole state. Never blocks; any thread.
   */
  void send(ToCoordinator message);

  /**
   * Asks for an address block in {@code network}.
   *
   * @param full this host's blocks there with no free address
   * @return completes with the grant, or fails with {@link CoordinatorException} (the coordinator's error),
   *         {@link java.util.concurrent.TimeoutException}, or {@link IllegalStateException} when not connected
   */
  CompletableFuture<ToAgent.BlockGrant> requestBlock(String network, List<String> full);

  /** Whether a session is established (welcome received). */
  boolean connected();

  /** An error answer from the coordinator. */
  final class CoordinatorException extends RuntimeException {
    private final String code;

    public CoordinatorException(String code, String message) {
      super(code + ": " + message);
      this.code = code;
    }

    /** {@code unknown-network}, {@code pool-exhausted}, {@code bad-request}, {@code unauthorized}, ... */
    public String code() {
      return code;
    }
  }
}
