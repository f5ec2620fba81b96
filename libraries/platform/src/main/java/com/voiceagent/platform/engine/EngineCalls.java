package com.voiceagent.platform.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.MDC;

/**
 * The one way a stage waits for an engine (speech-to-text, the LLM, text-to-speech): the engine works on a
 * virtual thread of its own, the stage waits at most until a {@link Deadline}, and the outcome is a value.
 * An engine stuck in a blocking call (an HTTP request whose headers never come) can therefore never hold
 * a caller past the budget; a call given up on is interrupted. The log context (call id, turn) goes with it.
 */
public final class EngineCalls implements AutoCloseable {
  private final ExecutorService threads;

  public EngineCalls(String name) {
    this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 0).factory());
  }

  /** Starts {@code work} now; wait for it with {@link #await}. */
  public <T> Future<T> start(Callable<T> work) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    return threads.submit(() -> {
      if (context != null) {
        MDC.setContextMap(context);
      }
      try {
        return work.call();
      } finally {
        MDC.clear();
      }
    });
  }

  /** Runs {@code work} within {@code budget}; past it, the work is interrupted and the outcome is TimedOut. */
  public <T> EngineOutcome<T> call(Duration budget, Callable<T> work) {
    long started = System.nanoTime();
    Future<T> running = start(work);
    EngineOutcome<T> outcome = await(running, Deadline.in(budget), started);
    if (!(outcome instanceof EngineOutcome.Done)) {
      running.cancel(true);
    }
    return outcome;
  }

  /**
   * Waits for {@code future} (an engine's work, or a milestone of it such as its first sentence) until
   * {@code deadline}. Does not cancel anything: the caller decides what a timeout means.
   */
  public static <T> EngineOutcome<T> await(Future<T> future, Deadline deadline, long startedNanos) {
    try {
      T value = future.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
      return new EngineOutcome.Done<>(value, millisSince(startedNanos));
    } catch (TimeoutException e) {
      return new EngineOutcome.TimedOut<>(millisSince(startedNanos));
    } catch (ExecutionException e) {
      return new EngineOutcome.Failed<>(e.getCause() == null ? e : e.getCause(), millisSince(startedNanos));
    } catch (CancellationException e) {
      return new EngineOutcome.Failed<>(e, millisSince(startedNanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new EngineOutcome.Failed<>(e, millisSince(startedNanos));
    }
  }

  private static long millisSince(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
