package com.voiceagent.gateway.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events that wait for the broker, so the thread that produced them (a webhook's) never does: at most
 * {@code capacity} of them, sent in arrival order by one virtual thread and sent again until the broker
 * takes each one. Kept in memory only: what still waits when the instance stops is lost (and counted in
 * the log).
 *
 * @param <E> the event
 */
final class PendingEvents<E> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PendingEvents.class);
  private static final int MAX_BATCH = 100;

  private final String name;
  private final Function<E, CompletableFuture<?>> send;
  private final Predicate<Throwable> worthRetrying;
  private final Duration retryPause;
  private final Semaphore room;
  private final int capacity;
  private final LinkedBlockingQueue<E> queue = new LinkedBlockingQueue<>();
  private final AtomicLong refusedSinceLastLine = new AtomicLong();
  private final Thread sender;
  private volatile boolean running = true;
  private boolean outage; // sender thread only

  /**
   * @param send hands one event to the broker; its future completes when the broker has it (it may also throw)
   * @param worthRetrying whether a failure may pass (the broker away); an event failing otherwise is dropped
   * @param retryPause how long to wait before sending again what the broker did not take
   */
  PendingEvents(String name, int capacity, Function<E, CompletableFuture<?>> send, Predicate<Throwable> worthRetrying,
      Duration retryPause) {
    this.name = name;
    this.capacity = capacity;
    this.room = new Semaphore(capacity);
    this.send = send;
    this.worthRetrying = worthRetrying;
    this.retryPause = retryPause;
    this.sender = Thread.ofVirtual().name(name + "-sender").start(this::run);
  }

  /** Keeps the event to be sent; false, at once, when {@code capacity} events already wait. */
  boolean offer(E event) {
    if (!room.tryAcquire()) {
      if (refusedSinceLastLine.getAndIncrement() == 0) {
        log.error("{}: {} events already wait for the broker, the most kept: new ones are refused until it takes"
            + " them (counted, reported when it is back)", name, capacity);
      }
      return false;
    }
    queue.add(event);
    return true;
  }

  /** Events kept and not yet taken by the broker. */
  int waiting() {
    return capacity - room.availablePermits();
  }

  private void run() {
    List<E> batch = new ArrayList<>();
    while (running) {
      try {
        if (batch.isEmpty()) {
          batch.add(queue.take());
          queue.drainTo(batch, MAX_BATCH - 1);
        }
        batch = sendAll(batch);
        if (!batch.isEmpty()) {
          Thread.sleep(retryPause);
        } else if (outage && queue.isEmpty()) {
          outage = false;
          log.info("{}: the broker takes events again; every kept one is delivered ({} refused meanwhile)", name,
              refusedSinceLastLine.getAndSet(0));
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Sends the batch in order; returns the events to send again. */
  private List<E> sendAll(List<E> batch) throws InterruptedException {
    List<CompletableFuture<?>> sends = new ArrayList<>();
    Throwable failure = null;
    for (E event : batch) {
      try {
        sends.add(send.apply(event));
      } catch (RuntimeException e) {
        // The producer gave up on this one (no broker within its max.block.ms): the rest would wait as long.
        failure = e;
        break;
      }
    }
    List<E> again = new ArrayList<>();
    for (int i = 0; i < sends.size(); i++) {
      try {
        sends.get(i).get();
        room.release();
      } catch (ExecutionException | CancellationException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (worthRetrying.test(cause)) {
          again.add(batch.get(i));
          failure = cause;
        } else {
          // Decision: sending again cannot help (the record itself was refused): dropped, with its reason.
          log.error("{}: the broker refused an event for good, dropped: {}", name, cause.toString());
          room.release();
        }
      }
    }
    again.addAll(batch.subList(sends.size(), batch.size())); // never handed to the producer
    if (!again.isEmpty() && !outage) {
      outage = true;
      log.warn("{}: the broker does not take events ({}): {} kept and sent again every {} ms until it does", name,
          failure, waiting(), retryPause.toMillis());
    }
    return again;
  }

  /** Gives the broker {@code flushWithin} to take what waits, then stops; what still waits is lost. */
  void close(Duration flushWithin) {
    long deadline = System.nanoTime() + flushWithin.toNanos();
    while (waiting() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    running = false;
    sender.interrupt();
    int lost = waiting();
    if (lost > 0) {
      log.error("{}: {} events never reached the broker before this instance stopped: lost", name, lost);
    }
  }

  @Override
  public void close() {
    close(Duration.ZERO);
  }
}
