package dev.weft.coordinator.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Liveness shared by members (issue 4): a host heard by any member is not expired by another. */
class HostLivenessTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  @Test
  void aHostThatMovedToAnotherMemberStaysUpUntilNoMemberHearsIt() {
    Map<String, Long> shared = new ConcurrentHashMap<>();
    HostLiveness a = new HostLiveness(clock, shared::put, shared::get);
    HostLiveness b = new HostLiveness(clock, shared::put, shared::get);
    assertThat(a.heard("h1")).isTrue();
    now = now.plusSeconds(10);
    b.heard("h1"); // the agent reconnected to member b
    now = now.plusSeconds(10);
    assertThat(a.expire(Duration.ofSeconds(15))).as("b heard it 10 s ago").isEmpty();
    assertThat(a.lastHeard("h1")).isEqualTo(Instant.parse("2026-01-01T00:00:10Z"));
    now = now.plusSeconds(20);
    assertThat(a.expire(Duration.ofSeconds(15))).extracting(Map.Entry::getKey).containsExactly("h1");
    assertThat(b.expire(Duration.ofSeconds(15))).extracting(Map.Entry::getKey).containsExactly("h1");
  }

  @Test
  void publishesAtMostOnceASecondPerHost() {
    Map<String, Long> shared = new ConcurrentHashMap<>();
    int[] writes = {0};
    HostLiveness a = new HostLiveness(clock, (h, t) -> {
      writes[0]++;
      shared.put(h, t);
    }, shared::get);
    for (int i = 0; i < 10; i++) {
      a.heard("h1");
      now = now.plusMillis(150);
    }
    assertThat(writes[0]).isEqualTo(2);
  }

  @Test
  void aFailingSharedMapFallsBackToThisMembersOwnRecord() {
    HostLiveness a = new HostLiveness(clock, (h, t) -> {
      throw new IllegalStateException("unreachable");
    }, h -> {
      throw new IllegalStateException("unreachable");
    });
    a.heard("h1");
    now = now.plusSeconds(20);
    assertThat(a.expire(Duration.ofSeconds(15))).extracting(Map.Entry::getKey).containsExactly("h1");
  }
}
