package com.voiceagent.stt.engine;

import java.time.Duration;

/** The engine when none is configured: every turn is EMPTY with a reason, so the dialog still answers. */
final class NoSpeechToText implements SpeechToText {
  static final String REASON = "no speech-to-text engine configured";

  @Override
  public String name() {
    return "none";
  }

  @Override
  public Recognition transcribe(Audio audio, Duration budget) {
    return Recognition.nothing(REASON);
  }

  @Override
  public String toString() {
    return "none";
  }
}
