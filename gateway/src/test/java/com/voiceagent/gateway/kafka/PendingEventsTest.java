package com.voiceagent.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class PendingEventsTest {

  /** A broker that can be away: while it is, every send fails as Kafka's producer does then. */
  static final class FakeBroker {
    final List<String> taken = new CopyOnWriteArrayList<>();
    final AtomicBoolean away = new AtomicBoolean();

    CompletableFuture<?> send(String event) {
      if (event.startsWith("huge")) {
        return CompletableFuture.failedFuture(new RecordTooLargeException("too large"));
      }
      if (away.get()) {
        return CompletableFuture.failedFuture(new TimeoutException("no metadata"));
      }
      taken.add(event);
      return CompletableFuture.completedFuture(null);
    }
  }

  private final FakeBroker broker = new FakeBroker();

  private PendingEvents<String> pending(int capacity) {
    return new PendingEvents<>("test", capacity, broker::send, KafkaTwilioCallbacks::brokerAway, Duration.ofMillis(20));
  }

  @Test
  void eventsReachTheBrokerInTheOrderTheyCame() {
    try (PendingEvents<String> pending = pending(10)) {
      for (int i = 0; i < 5; i++) {
        assertThat(pending.offer("e" + i)).isTrue();
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> broker.taken.size() == 5);
    }
    assertThat(broker.taken).containsExactly("e0", "e1", "e2", "e3", "e4");
  }

  @Test
  void whileTheBrokerIsAwayEventsAreKeptUpToTheCapacityAndDeliveredWhenItReturns() {
    broker.away.set(true);
    try (PendingEvents<String> pending = pending(3)) {
      assertThat(pending.offer("a")).isTrue();
      assertThat(pending.offer("b")).isTrue();
      assertThat(pending.offer("c")).isTrue();
      assertThat(pending.offer("d")).as("beyond the capacity").isFalse();
      assertThat(pending.waiting()).isEqualTo(3);

      broker.away.set(false);
      await().atMost(Duration.ofSeconds(5)).until(() -> broker.taken.size() == 3);
      assertThat(pending.waiting()).isZero();
      assertThat(pending.offer("e")).as("room again").isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> broker.taken.size() == 4);
    }
    assertThat(broker.taken).containsExactly("a", "b", "c", "e");
  }

  @Test
  void anEventTheBrokerRefusesForGoodIsDroppedAndDoesNotHoldUpTheOthers() {
    try (PendingEvents<String> pending = pending(3)) {
      pending.offer("huge-1");
      pending.offer("after");
      await().atMost(Duration.ofSeconds(5)).until(() -> broker.taken.contains("after"));
      await().atMost(Duration.ofSeconds(5)).until(() -> pending.waiting() == 0);
    }
    assertThat(broker.taken).containsExactly("after");
  }
}
