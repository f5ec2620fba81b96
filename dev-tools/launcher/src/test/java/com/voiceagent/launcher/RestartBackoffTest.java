package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
  private static final Duration QUICK_DEATH = Duration.ofSeconds(3);

  @Test
  void anInstanceThatKeepsDyingWaitsOneSecondThenTwiceAsLongEachTimeUpToThirtySeconds() {
    RestartBackoff.Waits waits = RestartBackoff.DEFAULT.waits();
    List<Long> seconds = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      seconds.add(waits.afterDeath(QUICK_DEATH).toSeconds());
    }

    assertThat(seconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    assertThat(waits.restarts()).isEqualTo(8);
  }

  @Test
  void anInstanceThatStayedUpAMinuteBeforeDyingStartsOverFromOneSecond() {
    RestartBackoff.Waits waits = RestartBackoff.DEFAULT.waits();
    waits.afterDeath(QUICK_DEATH);
    waits.afterDeath(QUICK_DEATH);
    waits.afterDeath(QUICK_DEATH);

    assertThat(waits.afterDeath(Duration.ofSeconds(60))).hasSeconds(1);
    assertThat(waits.afterDeath(QUICK_DEATH)).hasSeconds(2);
  }

  @Test
  void aFirstWaitLongerThanTheCeilingIsRefused() {
    assertThatThrownBy(() -> new RestartBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the first wait must be positive and at most the ceiling, were PT5S and PT1S");
  }
}
