package com.voiceagent.whatsapp.database;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A table relay (the outbox's, the inbound outbox's) on its one thread: its pass runs every interval and,
 * when woken, at once; passes never overlap, and a failing pass is logged and the next one runs as usual.
 * Started and stopped with the application.
 */
public abstract class RelayThread implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(RelayThread.class);

  private final String name;
  private final Duration interval;
  private final AtomicBoolean woken = new AtomicBoolean();
  private ScheduledExecutorService scheduler;

  protected RelayThread(String name, Duration interval) {
    this.name = name;
    this.interval = interval;
  }

  /** One pass over the table. */
  protected abstract void pass();

  @Override
  public synchronized void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
    scheduler.scheduleWithFixedDelay(this::runPass, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A pass as soon as the thread is free; a pass already waiting absorbs this one. */
  public synchronized void wake() {
    if (scheduler != null && woken.compareAndSet(false, true)) {
      scheduler.execute(this::runPass);
    }
  }

  private void runPass() {
    woken.set(false);
    try {
      pass();
    } catch (Throwable t) {
      log.error("{} pass failed", name, t);
    }
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }
}
