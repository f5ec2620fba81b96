package com.voiceagent.dialog.voice;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Turns the gateway published speculatively and then took back because the caller went on speaking
 * (TurnCancelled with CALLER_CONTINUED): they never happened, so a transcript of one is not answered.
 *
 * <p>Such a cancel usually arrives while STT is still transcribing, so no instance has begun the turn and
 * none can tell whether it will answer it (the transcript's partition decides). Every instance reads every
 * cancel, so every instance remembers it. Memory is bounded without relying on the call's end (only one
 * instance sees that): an entry is kept for {@code keep} (a transcript older than the record age limit is
 * skipped anyway) and at most {@code maxEntries} are kept.
 */
final class AbandonedTurns {
  private final Cache<String, Boolean> turns;

  AbandonedTurns(Clock clock, Duration keep, int maxEntries) {
    Objects.requireNonNull(clock, "clock");
    this.turns = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(Objects.requireNonNull(keep, "keep"))
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
  }

  void remember(String callSid, int turn) {
    turns.put(key(callSid, turn), Boolean.TRUE);
  }

  boolean contains(String callSid, int turn) {
    return turns.getIfPresent(key(callSid, turn)) != null;
  }

  private static String key(String callSid, int turn) {
    return callSid + '#' + turn;
  }
}
