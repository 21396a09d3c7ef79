package dev.weft.coordinator.channel;

import dev.weft.common.wire.ToAgent;
import dev.weft.coordinator.error.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The channel's form of a failure ({@link Failure}'s classification, as HTTP's); internals are not shown. */
final class ChannelErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelErrors.class);

  private ChannelErrors() {
  }

  /**
   * @param requestId the request the error answers; null when none
   * @param host      the agent's host, for the log line of an unexpected failure; null before registration
   */
  static ToAgent.Error of(String requestId, Throwable e, String host) {
    Failure failure = Failure.of(e);
    String code = switch (failure.kind()) {
      case BAD_REQUEST, ARGUMENT -> "bad-request";
      case NOT_FOUND -> "unknown-network";
      case EXHAUSTED -> "pool-exhausted";
      case CONFLICT -> "conflict";
      case UNAUTHORIZED -> "unauthorized";
      case NO_QUORUM -> "unavailable";
      case UNAVAILABLE, INTERNAL -> null;
    };
    if (code == null) {
      LOG.warn("agent request of {} failed", host, e);
      return new ToAgent.Error(requestId, "unavailable", "the coordinator could not complete the request; retry");
    }
    return new ToAgent.Error(requestId, code, e.getMessage());
  }
}
