package com.voiceagent.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Twilio's playback buffer as the caller experiences it: audio plays at 8000 bytes per second after what
 * is already buffered; a mark is echoed when playback reaches it; clear drops the buffer and echoes every
 * pending mark at once.
 */
final class Playback {
  private static final long NANOS_PER_BYTE = 1_000_000_000L / 8000;
  private final ScheduledExecutorService clock;
  private long playsUntilNanos;
  private final List<ScheduledFuture<?>> pendingMarks = new ArrayList<>();
  private final List<String> pendingNames = new ArrayList<>();

  Playback(ScheduledExecutorService clock) {
    this.clock = clock;
  }

  synchronized void append(int muLawBytes) {
    long now = System.nanoTime();
    playsUntilNanos = Math.max(playsUntilNanos, now) + muLawBytes * NANOS_PER_BYTE;
  }

  synchronized void markAt(String name, Consumer<String> echo) {
    long delay = Math.max(0, playsUntilNanos - System.nanoTime());
    pendingNames.add(name);
    pendingMarks.add(clock.schedule(() -> {
      synchronized (this) {
        if (!pendingNames.remove(name)) {
          return;
        }
      }
      echo.accept(name);
    }, delay, TimeUnit.NANOSECONDS));
  }

  synchronized boolean playing() {
    return remainingNanos() > 0;
  }

  /** How long the audio buffered so far has yet to play. */
  synchronized long remainingNanos() {
    return Math.max(0, playsUntilNanos - System.nanoTime());
  }

  synchronized void clear(Consumer<String> echo) {
    playsUntilNanos = System.nanoTime();
    pendingMarks.forEach(f -> f.cancel(false));
    pendingMarks.clear();
    List<String> names = List.copyOf(pendingNames);
    pendingNames.clear();
    names.forEach(echo);
  }
}
