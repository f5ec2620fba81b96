package com.voiceagent.stt.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * What an engine heard: its text, or (when the engine chose not to transcribe) the reason it heard
 * nothing.
 */
public record Recognition(String text, Optional<String> nothingReason) {

  public Recognition {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(nothingReason, "nothingReason");
  }

  public static Recognition of(String text) {
    return new Recognition(text, Optional.empty());
  }

  public static Recognition nothing(String reason) {
    return new Recognition("", Optional.of(Objects.requireNonNull(reason, "reason")));
  }
}
