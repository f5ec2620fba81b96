package com.voiceagent.tts.engine;

import java.util.Objects;

/**
 * Audio for one sentence and who made it.
 *
 * @param audio raw 8 kHz mu-law
 * @param engine the engine that actually spoke (the fallback's name when the primary failed)
 * @param engineMs time spent inside engines, failed attempts included (0 for a cache hit)
 * @param fromFallback whether the primary engine failed and the fallback spoke instead
 */
public record Synthesis(byte[] audio, String engine, long engineMs, boolean fromFallback) {
  public Synthesis {
    Objects.requireNonNull(audio, "audio");
    Objects.requireNonNull(engine, "engine");
  }
}
