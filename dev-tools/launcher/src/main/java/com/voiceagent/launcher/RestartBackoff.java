package com.voiceagent.launcher;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before starting an instance that died again: the first wait is short, each further
 * one twice as long up to a ceiling, so an instance that crashes on every start does not keep two cores
 * busy starting JVMs. An instance that stayed up long enough before dying starts over from the short wait:
 * its crash was an accident, not a loop.
 *
 * @param first the wait after the first death
 * @param ceiling the longest wait
 * @param stableAfter how long an instance must have run for its next death to count as the first again
 */
record RestartBackoff(Duration first, Duration ceiling, Duration stableAfter) {
  static final RestartBackoff DEFAULT = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
      Duration.ofSeconds(60));

  RestartBackoff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(ceiling, "ceiling");
    Objects.requireNonNull(stableAfter, "stableAfter");
    if (first.isNegative() || first.isZero() || ceiling.compareTo(first) < 0) {
      throw new IllegalArgumentException("the first wait must be positive and at most the ceiling, were " + first
          + " and " + ceiling);
    }
  }

  /** The waits of one instance, one death after another. Not thread-safe: one supervisor owns it. */
  final class Waits {
    private Duration next = first;
    private int restarts;

    /**
     * @param ranFor how long the instance ran before this death
     * @return how long to wait before starting it again
     */
    Duration afterDeath(Duration ranFor) {
      if (ranFor.compareTo(stableAfter) >= 0) {
        next = first;
      }
      Duration wait = next;
      Duration doubled = next.multipliedBy(2);
      next = doubled.compareTo(ceiling) > 0 ? ceiling : doubled;
      restarts++;
      return wait;
    }

    /** Restarts so far, for messages. */
    int restarts() {
      return restarts;
    }
  }

  Waits waits() {
    return new Waits();
  }
}
