package com.voiceagent.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyedLanesTest {

  @Test
  void tasksOfOneKeyRunInSubmissionOrder() throws Exception {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    try (KeyedLanes lanes = new KeyedLanes("test", (k, t) -> {})) {
      for (int i = 0; i < 200; i++) {
        int n = i;
        lanes.submit("CA1", () -> seen.add(n));
      }
      lanes.submit("CA1", () -> {}).get(5, TimeUnit.SECONDS);
    }
    assertThat(seen).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 200).boxed().toList());
  }

  @Test
  void aBlockedKeyDoesNotDelayAnotherKey() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (KeyedLanes lanes = new KeyedLanes("test", (k, t) -> {})) {
      lanes.submit("slow", () -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      // Completes although "slow" is still blocked.
      lanes.submit("fast", () -> {}).get(5, TimeUnit.SECONDS);
      assertThat(lanes.activeKeys()).isEqualTo(1);
      release.countDown();
    }
  }

  @Test
  void aFailingTaskIsReportedAndTheLaneGoesOn() throws Exception {
    List<String> failures = new CopyOnWriteArrayList<>();
    List<String> ran = new CopyOnWriteArrayList<>();
    try (KeyedLanes lanes = new KeyedLanes("test", (k, t) -> failures.add(k + ":" + t.getMessage()))) {
      lanes.submit("CA1", () -> { throw new IllegalStateException("boom"); });
      lanes.submit("CA1", () -> ran.add("after")).get(5, TimeUnit.SECONDS);
    }
    assertThat(failures).containsExactly("CA1:boom");
    assertThat(ran).containsExactly("after");
  }

  @Test
  void awaitIdleReturnsOnceEveryQueuedTaskHasRunAndFalseWhileOneIsStuck() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    try (KeyedLanes lanes = new KeyedLanes("test", (k, t) -> {})) {
      lanes.submit("CA1", () -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      lanes.submit("CA1", () -> ran.add("second"));
      assertThat(lanes.awaitIdle(java.time.Duration.ofMillis(200))).isFalse();
      release.countDown();
      assertThat(lanes.awaitIdle(java.time.Duration.ofSeconds(5))).isTrue();
      assertThat(ran).containsExactly("second");
      assertThat(lanes.activeKeys()).isZero();
    }
  }
}
