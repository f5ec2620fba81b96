package com.voiceagent.gateway.call;

import com.voiceagent.platform.Timeline;
import java.time.Instant;
import java.util.Objects;

/**
 * One sentence of the agent's reply with its audio, as the gateway plays it.
 *
 * @param seq the sentence's place in its turn, from 0: sentences play in this order whatever order they arrive in
 * @param last the turn's final sentence
 * @param audio raw 8 kHz mu-law (may be empty: a sentence no engine could speak still closes its turn)
 * @param endCall the call ends once this sentence has been heard
 * @param speechEndedAt when the caller stopped speaking, as the gateway measured it; null for the greeting
 * @param timeline what each stage did for this sentence so far
 * @param transfer the call goes to a person (TRANSFER_NUMBER) once this sentence has been heard
 */
public record AgentSpeech(int turn, int seq, boolean last, String text, Kind kind, boolean endCall, byte[] audio,
    Instant speechEndedAt, Timeline timeline, boolean transfer) {

  /** A sentence that does not hand the call over. */
  public AgentSpeech(int turn, int seq, boolean last, String text, Kind kind, boolean endCall, byte[] audio,
      Instant speechEndedAt, Timeline timeline) {
    this(turn, seq, last, text, kind, endCall, audio, speechEndedAt, timeline, false);
  }


  public enum Kind { ANSWER, GREETING, GOODBYE, FALLBACK }

  public AgentSpeech {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(audio, "audio");
    Objects.requireNonNull(timeline, "timeline");
  }
}
