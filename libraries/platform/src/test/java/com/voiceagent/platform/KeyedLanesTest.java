package com.voiceagent.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
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

  @Test
  void aFullLaneRefusesNewWorkAndTellsTheFailureHandlerWhileWhatWaitsStillRuns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> failures = new CopyOnWriteArrayList<>();
    List<Integer> ran = new CopyOnWriteArrayList<>();
    try (KeyedLanes lanes = new KeyedLanes("test", 3, (k, t) -> failures.add(k + ":" + t.getClass().getSimpleName()))) {
      lanes.submit("CA1", () -> await(release));
      lanes.submit("CA1", () -> ran.add(2));
      CompletableFuture<Void> third = lanes.submit("CA1", () -> ran.add(3));
      CompletableFuture<Void> refused = lanes.submit("CA1", () -> ran.add(4));
      // Another key has a lane of its own.
      lanes.submit("CA2", () -> ran.add(20)).get(5, TimeUnit.SECONDS);

      assertThat(refused).isCompletedExceptionally();
      assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(KeyedLanes.LaneFullException.class)
          .hasMessageContaining("the lane of CA1 already holds 3 tasks");
      assertThat(failures).containsExactly("CA1:LaneFullException");
      release.countDown();
      third.get(5, TimeUnit.SECONDS);
    }
    assertThat(ran).containsExactly(20, 2, 3);
  }

  @Test
  void aLaneThatWasFullTakesWorkAgainOnceItsTasksHaveRun() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    try (KeyedLanes lanes = new KeyedLanes("test", 1, (k, t) -> {})) {
      CompletableFuture<Void> first = lanes.submit("CA1", () -> await(release));
      assertThat(lanes.submit("CA1", () -> ran.add("refused"))).isCompletedExceptionally();
      release.countDown();
      first.get(5, TimeUnit.SECONDS);
      lanes.submit("CA1", () -> ran.add("later")).get(5, TimeUnit.SECONDS);
      assertThat(lanes.activeKeys()).isZero();
    }
    assertThat(ran).containsExactly("later");
  }

  @Test
  void aBoundBelowOneIsRefused() {
    assertThatThrownBy(() -> new KeyedLanes("test", 0, (k, t) -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxTasksPerKey must be at least 1, was 0");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
