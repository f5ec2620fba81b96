package com.voiceagent.stt.transcribe;

import java.util.Objects;

/**
 * The result of transcribing one utterance: what the caller said, or why there is nothing to answer.
 *
 * @param engineMs milliseconds spent waiting for the engine (0 when it was never asked)
 */
public record Outcome(Status status, String text, String reason, long engineMs) {

  public enum Status {
    /** The caller said {@code text}. */
    OK,
    /** Nothing worth answering: silence, noise or an engine's invented filler. */
    EMPTY,
    /** The engine failed or ran out of time: the caller hears the fallback. */
    FAILED
  }

  public Outcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(text, "text");
    if (status != Status.OK && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException(status + " needs a reason");
    }
  }

  public static Outcome ok(String text, long engineMs) {
    return new Outcome(Status.OK, text, null, engineMs);
  }

  public static Outcome empty(String reason, long engineMs) {
    return new Outcome(Status.EMPTY, "", reason, engineMs);
  }

  public static Outcome failed(String reason, long engineMs) {
    return new Outcome(Status.FAILED, "", reason, engineMs);
  }
}
