package com.voiceagent.stt.engine;

import java.time.Duration;

/**
 * One speech-to-text engine (OpenAI-compatible Whisper, local whisper.cpp, none). The stage around it
 * enforces the budget, keeps silence away from it and filters what it invents; an engine only
 * transcribes Hebrew audio, and may throw when it cannot.
 */
public interface SpeechToText {

  /** Short engine name for timelines and logs, e.g. "openai", "whisper-cpp", "none". */
  String name();

  /**
   * Transcribes one utterance as Hebrew.
   *
   * @param budget how long the caller can wait; an engine should give up on its own by then
   */
  Recognition transcribe(Audio audio, Duration budget) throws Exception;
}
