package com.voiceagent.platform.engine;

import java.time.Duration;

/** A moment by which an engine's answer must be in, on the monotonic clock. */
public record Deadline(long atNanos) {

  public static Deadline in(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  /** Time left; zero once the deadline has passed. */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
  }

  public boolean passed() {
    return atNanos - System.nanoTime() <= 0;
  }
}
