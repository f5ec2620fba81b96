package com.voiceagent.stt.engine;

import java.time.Duration;
import java.util.Objects;

/** Mono 16-bit PCM samples at a sample rate: one utterance as the engines receive it. */
public record Audio(short[] samples, int sampleRate) {

  public Audio {
    Objects.requireNonNull(samples, "samples");
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sampleRate must be positive, was " + sampleRate);
    }
  }

  public Duration duration() {
    return Duration.ofMillis(samples.length * 1000L / sampleRate);
  }
}
