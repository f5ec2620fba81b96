package com.voiceagent.gateway.call;

/**
 * Remembers when (wall clock) recent stream audio arrived, so the stream time where speech ended can be
 * turned into the instant its last sample reached us. A fixed ring: memory stays bounded on long calls.
 */
final class ArrivalClock {
  private final long[] streamEndMs;
  private final long[] wallMs;
  private int next;
  private int size;

  ArrivalClock(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    streamEndMs = new long[capacity];
    wallMs = new long[capacity];
  }

  /** Audio up to {@code streamEnd} (exclusive) arrived at {@code wall}. */
  void arrived(long streamEnd, long wall) {
    streamEndMs[next] = streamEnd;
    wallMs[next] = wall;
    next = (next + 1) % streamEndMs.length;
    size = Math.min(size + 1, streamEndMs.length);
  }

  /** When the sample at {@code streamMs} arrived: the earliest remembered chunk that contains it. */
  long wallClockOf(long streamMs, long fallback) {
    long best = fallback;
    long bestEnd = Long.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      if (streamEndMs[i] >= streamMs && streamEndMs[i] < bestEnd) {
        bestEnd = streamEndMs[i];
        best = wallMs[i];
      }
    }
    return best;
  }
}
