package com.voiceagent.edge.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Runs every {@link ReadinessCheck} in parallel with a deadline and keeps the answer for a few seconds,
 * so a load balancer probing every second does not open a connection to the broker every second.
 */
public final class ReadinessProbe implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(ReadinessProbe.class);

  /** Each link's state: "UP" or "DOWN: reason". */
  public record Readiness(boolean ready, Map<String, String> links, Instant checkedAt) {}

  private final List<ReadinessCheck> checks;
  private final Duration timeout;
  private final Duration cacheTtl;
  private final Clock clock;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private Readiness last;

  public ReadinessProbe(List<ReadinessCheck> checks, Duration timeout, Duration cacheTtl, Clock clock) {
    this.checks = List.copyOf(checks);
    this.timeout = timeout;
    this.cacheTtl = cacheTtl;
    this.clock = clock;
  }

  public synchronized Readiness readiness() {
    Instant now = clock.instant();
    if (last != null && now.isBefore(last.checkedAt().plus(cacheTtl))) {
      return last;
    }
    Map<String, Future<?>> running = new LinkedHashMap<>();
    for (ReadinessCheck check : checks) {
      running.put(check.name(), executor.submit(() -> {
        check.check(timeout);
        return null;
      }));
    }
    Map<String, String> links = new LinkedHashMap<>();
    boolean ready = true;
    long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(200);
    for (Map.Entry<String, Future<?>> entry : running.entrySet()) {
      try {
        entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        links.put(entry.getKey(), "UP");
      } catch (TimeoutException e) {
        entry.getValue().cancel(true);
        links.put(entry.getKey(), "DOWN: no answer within " + timeout.toMillis() + " ms");
        ready = false;
      } catch (Exception e) {
        Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
        links.put(entry.getKey(), "DOWN: " + (cause instanceof ReadinessCheck.NotReady notReady
            ? notReady.getMessage() : cause.getClass().getSimpleName()));
        ready = false;
      }
    }
    Readiness readiness = new Readiness(ready, Map.copyOf(links), now);
    if (last == null || last.ready() != ready) {
      log.info("readiness {}: {}", ready ? "UP" : "DOWN", links);
    }
    last = readiness;
    return readiness;
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}
