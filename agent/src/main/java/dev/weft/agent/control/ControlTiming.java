package dev.weft.agent.control;

import java.time.Duration;

/**
 * The {@link ControlClient}'s timing knobs; tests shorten them.
 *
 * @param heartbeatUnit what one of the welcome's heartbeat seconds lasts here (one second but in tests)
 */
public record ControlTiming(Duration backoffMin, Duration backoffMax, Duration requestTimeout,
                            Duration heartbeatUnit) {
  public static final ControlTiming DEFAULT = new ControlTiming(Duration.ofMillis(500), Duration.ofSeconds(15),
      Duration.ofSeconds(10));

  public ControlTiming(Duration backoffMin, Duration backoffMax, Duration requestTimeout) {
    this(backoffMin, backoffMax, requestTimeout, Duration.ofSeconds(1));
  }
}
