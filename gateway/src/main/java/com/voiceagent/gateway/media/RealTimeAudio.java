package com.voiceagent.gateway.media;

import java.time.Duration;

/**
 * How far a stream's audio runs ahead of the wall clock. Twilio streams a live call, so the audio received
 * since {@code start} can be ahead of the time since then only by what Twilio buffered while the socket
 * opened; after a network hiccup it catches up, it never gets ahead. Audio counted in bytes (8 bytes of
 * mu-law are 1 ms), never from the peer's timestamps, which the peer chooses.
 *
 * <p>The same count says how late each payload was handled: a payload handled on time leaves the audio as far
 * ahead as the stream's best-timed one did; one handled d ms later leaves it d ms less ahead.
 */
final class RealTimeAudio {
  private static final int BYTES_PER_MS = 8;

  private final long startedAtMs;
  private final long maxAheadMs;
  private long receivedBytes;
  private long bestAheadMs = Long.MIN_VALUE;
  private long lateMs;

  /** @param maxAhead how far ahead of the wall clock the audio may run */
  RealTimeAudio(long startedAtMs, Duration maxAhead) {
    this.startedAtMs = startedAtMs;
    this.maxAheadMs = maxAhead.toMillis();
  }

  /** Counts a media payload; false when the audio received so far now runs further ahead than allowed. */
  boolean accept(int bytes, long nowMs) {
    receivedBytes += bytes;
    long ahead = aheadMs(nowMs);
    bestAheadMs = Math.max(bestAheadMs, ahead);
    lateMs = bestAheadMs - ahead;
    return ahead <= maxAheadMs;
  }

  /** Milliseconds of audio received beyond the time elapsed since start (negative when behind). */
  long aheadMs(long nowMs) {
    return receivedBytes / BYTES_PER_MS - (nowMs - startedAtMs);
  }

  /**
   * How much later than the stream's best-timed payload the last one was handled, in ms (0 for the best): the
   * network's jitter and the time the payload waited in this gateway, which are what a caller's audio waits.
   */
  long lastLateMs() {
    return lateMs;
  }
}
