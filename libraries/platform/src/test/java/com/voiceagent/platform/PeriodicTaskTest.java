package com.voiceagent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeriodicTaskTest {

  @Test
  void aRunThatFailsDoesNotStopTheRunsAfterIt() {
    AtomicInteger runs = new AtomicInteger();
    PeriodicTask task = new PeriodicTask("test", Duration.ZERO, Duration.ofMillis(20), () -> {
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("broker away");
      }
    });
    task.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
    } finally {
      task.stop();
    }
    assertThat(task.isRunning()).isFalse();
  }

  @Test
  void aNonPositiveIntervalIsRefused() {
    assertThatThrownBy(() -> new PeriodicTask("sweeper", Duration.ZERO, Duration.ZERO, () -> { }))
        .hasMessage("sweeper: the interval must be positive, was PT0S");
  }
}
