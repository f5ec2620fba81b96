package com.voiceagent.gateway.call;

import java.time.Instant;

/**
 * What the caller said in one turn, cut from the stream by the endpointer.
 *
 * @param samples 8 kHz 16-bit PCM
 * @param startMs stream time of the first sample
 * @param endMs stream time just after the last sample
 * @param speechEndedAt when the caller's last sample reached the gateway (the start of the turn's latency)
 * @param publishedAt when the gateway handed it on
 * @param speculative published at a short pause, before the end silence confirmed it
 * @param keypad keys the caller pressed for this turn (0-9, *, #); a keypad turn has no samples
 */
public record CallerUtterance(String callSid, String streamSid, int turn, short[] samples, long startMs, long endMs,
    Instant speechEndedAt, boolean cutAtMaxLength, Instant publishedAt, boolean speculative, String keypad) {

  /** Speech: no keys. */
  public CallerUtterance(String callSid, String streamSid, int turn, short[] samples, long startMs, long endMs,
      Instant speechEndedAt, boolean cutAtMaxLength, Instant publishedAt, boolean speculative) {
    this(callSid, streamSid, turn, samples, startMs, endMs, speechEndedAt, cutAtMaxLength, publishedAt, speculative, "");
  }
}
