package com.voiceagent.gateway.media;

import java.time.Duration;

/**
 * How far a stream's audio runs ahead of the wall clock. Twilio streams a live call, so the audio received
 * since {@code start} can be ahead of the time since then only by what Twilio buffered while the socket
 * opened; after a network hiccup it catches up, it never gets ahead. Audio counted in bytes (8 bytes of
 * mu-law are 1 ms), never from the peer's timestamps, which the peer chooses.
 */
final class RealTimeAudio {
  private static final int BYTES_PER_MS = 8;

  private final long startedAtMs;
  private final long maxAheadMs;
  private long receivedBytes;

  /** @param maxAhead how far ahead of the wall clock the audio may run */
  RealTimeAudio(long startedAtMs, Duration maxAhead) {
    this.startedAtMs = startedAtMs;
    this.maxAheadMs = maxAhead.toMillis();
  }

  /** Counts a media payload; false when the audio received so far now runs further ahead than allowed. */
  boolean accept(int bytes, long nowMs) {
    receivedBytes += bytes;
    return aheadMs(nowMs) <= maxAheadMs;
  }

  /** Milliseconds of audio received beyond the time elapsed since start (negative when behind). */
  long aheadMs(long nowMs) {
    return receivedBytes / BYTES_PER_MS - (nowMs - startedAtMs);
  }
}
