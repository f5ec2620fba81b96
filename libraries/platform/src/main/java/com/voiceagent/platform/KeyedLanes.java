package com.voiceagent.platform;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 *
 * <p>Bounded lanes: with {@code maxTasksPerKey}, a lane holds at most that many tasks (the running one
 * included). Work submitted to a full lane is refused, never queued: its future fails with
 * {@link LaneFullException} and the failure handler is told, so one stuck or flooding key cannot grow
 * memory without end. Refusing the newest task (rather than dropping the oldest) keeps what already waits
 * in order and runs it; the caller decides what a refused task means for its key.
 */
public final class KeyedLanes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KeyedLanes.class);

  /** A task refused because its key's lane already holds the most tasks it may. */
  public static final class LaneFullException extends RejectedExecutionException {
    LaneFullException(String key, int maxTasksPerKey) {
      super("the lane of " + key + " already holds " + maxTasksPerKey + " tasks: this one is refused");
    }
  }

  /** One key's work: the future of its last task and how many of its tasks have not finished. */
  private record Lane(CompletableFuture<Void> tail, int tasks) {}

  private final ExecutorService executor;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final BiConsumer<String, Throwable> onFailure;
  private final int maxTasksPerKey;

  /** Lanes without a bound per key: only for keys whose work is bounded elsewhere. */
  public KeyedLanes(String name, BiConsumer<String, Throwable> onFailure) {
    this(name, Integer.MAX_VALUE, onFailure);
  }

  /** @param maxTasksPerKey the most tasks (queued and running) one key's lane holds; more are refused */
  public KeyedLanes(String name, int maxTasksPerKey, BiConsumer<String, Throwable> onFailure) {
    if (maxTasksPerKey < 1) {
      throw new IllegalArgumentException("maxTasksPerKey must be at least 1, was " + maxTasksPerKey);
    }
    this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
    this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    this.maxTasksPerKey = maxTasksPerKey;
  }

  /**
   * Queues a task behind the earlier tasks of the same key; the future completes when it has run (or
   * failed), or fails at once with {@link LaneFullException} when the key's lane is full.
   */
  public CompletableFuture<Void> submit(String key, Runnable task) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(task, "task");
    CompletableFuture<Void> next = new CompletableFuture<>();
    Lane[] before = new Lane[1];
    Lane after = lanes.compute(key, (k, lane) -> {
      before[0] = lane;
      if (lane == null) {
        return new Lane(next, 1);
      }
      return lane.tasks() >= maxTasksPerKey ? lane : new Lane(next, lane.tasks() + 1);
    });
    if (after.tail() != next) {
      LaneFullException full = new LaneFullException(key, maxTasksPerKey);
      report(key, full);
      next.completeExceptionally(full);
      return next;
    }
    Runnable guarded = () -> {
      try {
        task.run();
      } catch (Throwable t) {
        report(key, t);
      } finally {
        // Forget the lane before signalling when this was its last task: the task has run, so a task
        // submitted in between may start at once without breaking the key's order, and whoever waits on
        // the future sees the lane gone.
        lanes.computeIfPresent(key, (k, lane) -> lane.tasks() == 1 ? null : new Lane(lane.tail(), lane.tasks() - 1));
        next.complete(null);
      }
    };
    if (before[0] == null) {
      executor.execute(guarded);
    } else {
      before[0].tail().whenComplete((ignored, error) -> executor.execute(guarded));
    }
    return next;
  }

  private void report(String key, Throwable failure) {
    try {
      onFailure.accept(key, failure);
    } catch (Throwable handlerFailure) {
      log.error("failure handler failed for key {}", key, handlerFailure);
    }
  }

  /** Keys with queued or running work (for metrics and tests). */
  public int activeKeys() {
    return lanes.size();
  }

  /**
   * Waits until every lane has run what was queued (including work queued meanwhile), at most
   * {@code atMost}; true when all lanes are idle. For a clean stop: the last events of a call are handed to
   * Kafka before the producer closes.
   */
  public boolean awaitIdle(Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!lanes.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        CompletableFuture.allOf(lanes.values().stream().map(Lane::tail).toArray(CompletableFuture[]::new))
            .get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (ExecutionException e) {
        // Queued tasks' futures only complete normally: a failing task is reported to the failure handler instead.
      }
    }
    return true;
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
