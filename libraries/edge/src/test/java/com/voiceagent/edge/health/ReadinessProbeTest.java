package com.voiceagent.edge.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessProbeTest {
  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
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
  }

  static final class CountingCheck implements ReadinessCheck {
    final AtomicInteger runs = new AtomicInteger();
    final AtomicBoolean up = new AtomicBoolean(true);

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public void check(Duration timeout) {
      runs.incrementAndGet();
      if (!up.get()) {
        throw new IllegalStateException("down");
      }
    }
  }

  @Test
  void theAnswerIsReusedWithinTheCacheTtlAndRefreshedAfter() {
    MutableClock clock = new MutableClock();
    CountingCheck check = new CountingCheck();
    ReadinessProbe probe = new ReadinessProbe(List.of(check), Duration.ofSeconds(1), Duration.ofSeconds(5), clock);
    assertThat(probe.readiness().ready()).isTrue();
    check.up.set(false);
    clock.now = clock.now.plusSeconds(4);
    assertThat(probe.readiness().ready()).isTrue();
    assertThat(check.runs).hasValue(1);
    clock.now = clock.now.plusSeconds(2);
    ReadinessProbe.Readiness after = probe.readiness();
    assertThat(after.ready()).isFalse();
    assertThat(after.links()).containsEntry("counting", "DOWN: IllegalStateException");
    assertThat(check.runs).hasValue(2);
    probe.destroy();
  }

  @Test
  void aCheckThatHangsCountsAsDownAfterTheTimeout() {
    ReadinessCheck hanging = new ReadinessCheck() {
      @Override
      public String name() {
        return "hanging";
      }

      @Override
      public void check(Duration timeout) throws Exception {
        Thread.sleep(60_000);
      }
    };
    ReadinessProbe probe = new ReadinessProbe(List.of(hanging), Duration.ofMillis(100), Duration.ZERO, Clock.systemUTC());
    ReadinessProbe.Readiness readiness = probe.readiness();
    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.links().get("hanging")).startsWith("DOWN: no answer within 100 ms");
    probe.destroy();
  }
}
