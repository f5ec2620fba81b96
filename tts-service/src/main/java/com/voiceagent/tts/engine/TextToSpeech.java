package com.voiceagent.tts.engine;

import java.time.Duration;

/**
 * One vendor or offline speech engine, hidden behind the smallest interface the stage needs: text in,
 * phone-ready audio out. Implementations are package-private in their own feature packages.
 */
public interface TextToSpeech {

  /** Short engine name for logs and the turn's timeline, e.g. {@code google}, {@code espeak}. */
  String name();

  /** The voice this engine speaks with; part of the fixed-phrase cache key. */
  String voice();

  /**
   * Speaks one sentence.
   *
   * @param text the sentence, plain text (never SSML: engines escape what they need)
   * @param budget how long the caller is willing to wait; an engine that cannot finish in time fails
   * @return raw G.711 mu-law at 8000 Hz, no header
   * @throws SpeechFailedException when the engine failed or ran out of budget
   */
  byte[] synthesizeMuLaw8k(String text, Duration budget);
}
