package com.voiceagent.stt.transcribe;

import com.voiceagent.events.TranscriptStatus;
import java.util.Objects;

/**
 * The result of transcribing one utterance, as the stage publishes it.
 *
 * @param engineMs milliseconds spent waiting for the engine (0 when it was never asked)
 */
record Outcome(TranscriptStatus status, String text, String reason, long engineMs) {

  Outcome {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(text, "text");
    if (status != TranscriptStatus.OK && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException(status + " needs a reason");
    }
  }

  static Outcome ok(String text, long engineMs) {
    return new Outcome(TranscriptStatus.OK, text, null, engineMs);
  }

  static Outcome empty(String reason, long engineMs) {
    return new Outcome(TranscriptStatus.EMPTY, "", reason, engineMs);
  }

  static Outcome failed(String reason, long engineMs) {
    return new Outcome(TranscriptStatus.FAILED, "", reason, engineMs);
  }
}
