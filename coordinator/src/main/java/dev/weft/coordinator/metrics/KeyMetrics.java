package dev.weft.coordinator.metrics;

import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** The lines encrypted transport adds to {@code /metrics} (issue 6), in Prometheus' text format. */
public final class KeyMetrics {
  private KeyMetrics() {
  }

  /** {@code weft_psk_age_seconds}: the age of the oldest pre-shared key of a host pair, read on each scrape. */
  public static Supplier<String> pskAge(DoubleSupplier oldestKeyAgeSeconds) {
    return () -> render(oldestKeyAgeSeconds.getAsDouble());
  }

  static String render(double oldestKeyAgeSeconds) {
    return "# HELP weft_psk_age_seconds Age of the oldest pre-shared key of a host pair.\n"
        + "# TYPE weft_psk_age_seconds gauge\nweft_psk_age_seconds " + oldestKeyAgeSeconds + "\n";
  }
}
