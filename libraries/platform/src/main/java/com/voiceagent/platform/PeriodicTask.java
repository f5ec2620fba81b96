package com.voiceagent.platform;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Work an instance does every so often while it runs (heartbeats, expiring idle state, cleaning up after
 * dead instances), on a daemon thread of its own, from start to stop. A run that fails is logged and the
 * next one still comes: a scheduled task that throws would otherwise never run again.
 */
public final class PeriodicTask implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

  private final String name;
  private final Duration initialDelay;
  private final Duration interval;
  private final Runnable work;
  private ScheduledExecutorService timer;

  public PeriodicTask(String name, Duration initialDelay, Duration interval, Runnable work) {
    this.name = Objects.requireNonNull(name, "name");
    this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay");
    this.interval = Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(name + ": the interval must be positive, was " + interval);
    }
    this.work = Objects.requireNonNull(work, "work");
  }

  @Override
  public synchronized void start() {
    timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
    timer.scheduleAtFixedRate(this::runOnce, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One run, now, on the caller's thread (tests, and a last run on the way out). */
  public void runOnce() {
    try {
      work.run();
    } catch (RuntimeException e) {
      log.warn("{} failed this time ({}); it runs again in {}", name, e.toString(), interval);
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }
}
