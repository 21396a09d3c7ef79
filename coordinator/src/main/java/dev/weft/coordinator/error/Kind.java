package dev.weft.coordinator.error;

/**
 * What kind of failure a request met, the one classification that HTTP ({@code api.ErrorHandler}: a status) and the
 * agent channel ({@code channel.ChannelErrors}: an error code) each map to their own wire form.
 */
public enum Kind {
  /** The request is malformed or invalid: HTTP 400, {@code bad-request}. */
  BAD_REQUEST,
  /**
   * An {@link IllegalArgumentException} from below the transport: a bad request on the agent channel (its messages
   * are decoded into records that check their arguments), an internal error over HTTP (routes validate first).
   */
  ARGUMENT,
  /** Missing or wrong credentials: HTTP 401, {@code unauthorized}. */
  UNAUTHORIZED,
  /** What the request names does not exist: HTTP 404, {@code unknown-network}. */
  NOT_FOUND,
  /** The request clashes with what exists: HTTP 409, {@code conflict}. */
  CONFLICT,
  /** A pool has nothing left: HTTP 409, {@code pool-exhausted}. */
  EXHAUSTED,
  /** This member sees no majority; nothing changed: HTTP 503, {@code unavailable} with the reason. */
  NO_QUORUM,
  /** The store, the cluster or Swarm could not be used; nothing changed: HTTP 503, {@code unavailable}. */
  UNAVAILABLE,
  /** Anything else, a bug: HTTP 500, {@code unavailable} without details. */
  INTERNAL
}
