package com.voiceagent.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.platform.control.TurnCancellation.Cause;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnCancellationsTest {
  private final MutableClock clock = new MutableClock();
  private final TurnCancellations cancellations = new TurnCancellations(clock, Duration.ofMinutes(2), 100);

  @Test
  void aBargeInCancelsThatTurnOnly() {
    cancellations.record(new TurnCancellation("CA1", 3, Cause.BARGE_IN, 1, "שלום"));
    assertThat(cancellations.isCancelled("CA1", 3)).isTrue();
    assertThat(cancellations.isCancelled("CA1", 4)).isFalse();
    assertThat(cancellations.takenBack("CA1", 3)).isFalse();
  }

  @Test
  void anEndedCallCancelsEveryTurnOfIt() {
    cancellations.record(new TurnCancellation("CA1", 3, Cause.CALL_ENDED, 0, ""));
    assertThat(cancellations.isCancelled("CA1", 7)).isTrue();
    assertThat(cancellations.isCancelled("CA2", 3)).isFalse();
  }

  @Test
  void aTurnTheCallerTalkedOnThroughIsTakenBack() {
    cancellations.record(new TurnCancellation("CA1", 2, Cause.CALLER_CONTINUED, 0, ""));
    assertThat(cancellations.takenBack("CA1", 2)).isTrue();
    assertThat(cancellations.isCancelled("CA1", 2)).isTrue();
  }

  @Test
  void cancellationsAreForgottenAfterTheirTime() {
    cancellations.record(new TurnCancellation("CA1", 2, Cause.CALL_ENDED, 0, ""));
    clock.advance(Duration.ofMinutes(3));
    assertThat(cancellations.isCancelled("CA1", 2)).isFalse();
  }

  @Test
  void listenersHearEveryCancellationAfterItIsRemembered() {
    List<Boolean> rememberedWhenHeard = new ArrayList<>();
    cancellations.onCancellation(c -> rememberedWhenHeard.add(cancellations.isCancelled(c.callSid(), c.turn())));
    cancellations.record(new TurnCancellation("CA1", 1, Cause.BARGE_IN, 0, ""));
    assertThat(rememberedWhenHeard).containsExactly(true);
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-12-06T10:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

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
}
