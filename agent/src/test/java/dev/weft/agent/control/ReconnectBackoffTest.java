package dev.weft.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReconnectBackoffTest {

  /** A generator that always answers {@code value} from nextDouble. */
  static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  @ParameterizedTest(name = "failures={0} urls={1} random={2}: {3} ms")
  @CsvSource({
      // first pass over the URLs: at once (with one URL there is no first pass: the retry backs off)
      "1, 1, 0.5, 500",
      "1, 2, 0.5, 1",
      "1, 3, 0.5, 1",
      "2, 3, 0.9, 1",
      // then min doubling per round, jitter 0.8..1.2 (random 0 -> 0.8, 0.5 -> 1.0, 1 -> 1.2)
      "3, 3, 0.5, 500",
      "2, 1, 0.5, 1000",
      "3, 1, 0.5, 2000",
      "2, 1, 0.0, 800",
      "2, 1, 0.999999, 1199",
      "6, 3, 0.5, 1000",
      // capped at max, still jittered
      "6, 1, 0.5, 15000",
      "6, 1, 0.0, 12000",
      "1000, 1, 0.5, 15000",
      "2147483647, 1, 0.5, 15000",
  })
  void delays(int failures, int urls, double random, long expectedMs) {
    ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(500), Duration.ofSeconds(15), fixed(random));
    assertThat(backoff.next(failures, urls)).isEqualTo(Duration.ofMillis(expectedMs));
  }

  @Test
  void neverBelowOneMillisecond() {
    ReconnectBackoff backoff = new ReconnectBackoff(Duration.ZERO, Duration.ZERO, fixed(0));
    assertThat(backoff.next(5, 1)).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), fixed(0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min <= max");
    ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(1), Duration.ofMillis(2), fixed(0));
    assertThatThrownBy(() -> backoff.next(0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failures: 0");
  }
}
