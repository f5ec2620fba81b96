package com.voiceagent.dialog.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AbandonedTurnsTest {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T00:00:00Z"));
  private final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  };

  @Test
  void aTakenBackTurnIsRememberedForItsCallAndTurnOnly() {
    AbandonedTurns turns = new AbandonedTurns(clock, Duration.ofMinutes(2), 100);

    turns.remember("CA1", 3);

    assertThat(turns.contains("CA1", 3)).isTrue();
    assertThat(turns.contains("CA1", 4)).isFalse();
    assertThat(turns.contains("CA2", 3)).isFalse();
  }

  @Test
  void aTakenBackTurnIsForgottenOnceNoTranscriptOfItCanStillMatter() {
    AbandonedTurns turns = new AbandonedTurns(clock, Duration.ofMinutes(2), 100);
    turns.remember("CA1", 3);

    now.set(now.get().plus(Duration.ofMinutes(2)).plusSeconds(1));

    assertThat(turns.contains("CA1", 3)).isFalse();
  }
}
