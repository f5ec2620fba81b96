package com.voiceagent.gateway.media;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line of each kind through per interval and counts the ones left out, so a peer repeating
 * something we log (unknown events, refused sockets) cannot flood the log: the next line says how many
 * like it were left out. Kinds are names chosen in code, never peer text, so the map stays small.
 */
final class RepeatedWarnings {
  /** Whether to write this line, and how many of its kind were left out since the last one written. */
  record Admission(boolean write, long leftOut) {
    /** Appended to the line written: empty, or how many were left out. */
    String suffix() {
      return leftOut == 0 ? "" : " (" + leftOut + " more like it left out of the log)";
    }
  }

  private record Kind(Bucket lines, AtomicLong leftOut) {}

  private final Duration interval;
  private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

  RepeatedWarnings(Duration interval) {
    this.interval = interval;
  }

  Admission admit(String kind) {
    Kind state = kinds.computeIfAbsent(kind, k -> new Kind(Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(1).refillIntervally(1, interval).build()).build(), new AtomicLong()));
    if (!state.lines().tryConsume(1)) {
      state.leftOut().incrementAndGet();
      return new Admission(false, 0);
    }
    return new Admission(true, state.leftOut().getAndSet(0));
  }
}
