package com.voiceagent.platform;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks in order per key (a call) and concurrently across keys, on virtual threads. A Kafka
 * consumer thread hands each record to its call's lane and goes back to polling, so one call waiting
 * 10 s for its LLM never delays another call that shares its partition.
 *
 * <p>A failing task is reported to the failure handler and does not stop its lane.
 */
public final class KeyedLanes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KeyedLanes.class);

  private final ExecutorService executor;
  private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
  private final BiConsumer<String, Throwable> onFailure;

  public KeyedLanes(String name, BiConsumer<String, Throwable> onFailure) {
    this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
    this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
  }

  /** Queues a task behind the earlier tasks of the same key; returns when it has run (or failed). */
  public CompletableFuture<Void> submit(String key, Runnable task) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(task, "task");
    CompletableFuture<Void> next = new CompletableFuture<>();
    CompletableFuture<Void> previous = tails.put(key, next);
    Runnable guarded = () -> {
      try {
        task.run();
      } catch (Throwable t) {
        try {
          onFailure.accept(key, t);
        } catch (Throwable handlerFailure) {
          log.error("failure handler failed for key {}", key, handlerFailure);
        }
      } finally {
        // Forget the lane before signalling: the task has run, so a task submitted in between may start
        // at once without breaking the key's order, and whoever waits on the future sees the lane gone.
        tails.remove(key, next);
        next.complete(null);
      }
    };
    if (previous == null) {
      executor.execute(guarded);
    } else {
      previous.whenComplete((ignored, error) -> executor.execute(guarded));
    }
    return next;
  }

  /** Keys with queued or running work (for metrics and tests). */
  public int activeKeys() {
    return tails.size();
  }

  /**
   * Waits until every lane has run what was queued (including work queued meanwhile), at most
   * {@code atMost}; true when all lanes are idle. For a clean stop: the last events of a call are handed to
   * Kafka before the producer closes.
   */
  public boolean awaitIdle(Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!tails.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        CompletableFuture.allOf(tails.values().toArray(CompletableFuture[]::new)).get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (ExecutionException e) {
        // Lane futures only complete normally: a failing task is reported to the failure handler instead.
      }
    }
    return true;
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
