package com.voiceagent.platform.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class EngineCallsTest {

  @Test
  void anAnswerWithinTheBudgetIsDone() {
    try (EngineCalls calls = new EngineCalls("test")) {
      EngineOutcome<String> outcome = calls.call(Duration.ofSeconds(5), () -> "שלום");
      assertThat(outcome).isInstanceOfSatisfying(EngineOutcome.Done.class, done -> assertThat(done.value()).isEqualTo("שלום"));
    }
  }

  @Test
  void anEngineStuckPastTheBudgetTimesOutAndIsInterrupted() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    try (EngineCalls calls = new EngineCalls("test")) {
      long started = System.nanoTime();
      EngineOutcome<String> outcome = calls.call(Duration.ofMillis(100), () -> {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          interrupted.countDown();
        }
        return "too late";
      });
      assertThat(outcome).isInstanceOf(EngineOutcome.TimedOut.class);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
      assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the stuck engine was interrupted").isTrue();
    }
  }

  @Test
  void aFailingEngineIsAFailureValueNotAnException() {
    try (EngineCalls calls = new EngineCalls("test")) {
      EngineOutcome<String> outcome = calls.call(Duration.ofSeconds(5), () -> {
        throw new IllegalStateException("vendor said 500");
      });
      assertThat(outcome).isInstanceOfSatisfying(EngineOutcome.Failed.class,
          failed -> assertThat(failed.cause()).hasMessage("vendor said 500"));
    }
  }

  @Test
  void theEngineRunsInTheCallersLogContext() {
    MDC.put("callSid", "CA-context");
    try (EngineCalls calls = new EngineCalls("test")) {
      EngineOutcome<String> outcome = calls.call(Duration.ofSeconds(5), () -> MDC.get("callSid"));
      assertThat(outcome).isInstanceOfSatisfying(EngineOutcome.Done.class, done -> assertThat(done.value()).isEqualTo("CA-context"));
    } finally {
      MDC.clear();
    }
  }

  @Test
  void aMilestoneIsAwaitedUntilTheDeadlineWithoutBeingCancelled() {
    CompletableFuture<Void> firstSentence = new CompletableFuture<>();
    EngineOutcome<Void> outcome = EngineCalls.await(firstSentence, Deadline.in(Duration.ofMillis(50)), System.nanoTime());
    assertThat(outcome).isInstanceOf(EngineOutcome.TimedOut.class);
    assertThat(firstSentence).isNotCancelled();
    firstSentence.complete(null);
    assertThat(EngineCalls.await(firstSentence, Deadline.in(Duration.ZERO), System.nanoTime()))
        .isInstanceOf(EngineOutcome.Done.class);
  }
}
