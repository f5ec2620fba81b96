package com.voiceagent.stt.transcribe;

import com.voiceagent.stt.engine.Audio;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decides whether an utterance holds enough speech to be worth transcribing. Whisper invents text
 * ("thank you", subtitle credits) on silence and noise, so such audio never reaches an engine.
 *
 * <p>A 20 ms frame counts as voiced when its RMS level exceeds both an absolute level and twice the
 * utterance's own noise floor (its quietest tenth), so a steady hum on the line is not mistaken for
 * speech.
 */
final class SpeechGate {
  static final int FRAMES_PER_SECOND = 50;
  private static final double NOISE_FLOOR_FACTOR = 2.0;

  private final Duration minVoiced;
  private final int voicedLevel;

  SpeechGate(Duration minVoiced, int voicedLevel) {
    this.minVoiced = Objects.requireNonNull(minVoiced, "minVoiced");
    if (minVoiced.isNegative()) {
      throw new IllegalArgumentException("minVoiced must not be negative, was " + minVoiced);
    }
    if (voicedLevel < 1 || voicedLevel > Short.MAX_VALUE) {
      throw new IllegalArgumentException("voicedLevel must be 1..32767, was " + voicedLevel);
    }
    this.voicedLevel = voicedLevel;
  }

  boolean hasSpeech(Audio audio) {
    Duration voiced = voiced(audio);
    return !voiced.isZero() && voiced.compareTo(minVoiced) >= 0;
  }

  /** Total duration of the voiced frames. */
  Duration voiced(Audio audio) {
    int frameLength = Math.max(1, audio.sampleRate() / FRAMES_PER_SECOND);
    int frames = audio.samples().length / frameLength;
    if (frames == 0) {
      return Duration.ZERO;
    }
    double[] levels = new double[frames];
    for (int f = 0; f < frames; f++) {
      levels[f] = rms(audio.samples(), f * frameLength, frameLength);
    }
    double[] sorted = levels.clone();
    Arrays.sort(sorted);
    double noiseFloor = sorted[frames / 10];
    double threshold = Math.max(voicedLevel, noiseFloor * NOISE_FLOOR_FACTOR);
    long voicedFrames = Arrays.stream(levels).filter(level -> level > threshold).count();
    return Duration.ofMillis(voicedFrames * frameLength * 1000L / audio.sampleRate());
  }

  private static double rms(short[] samples, int from, int length) {
    double sum = 0;
    for (int i = from; i < from + length; i++) {
      sum += (double) samples[i] * samples[i];
    }
    return Math.sqrt(sum / length);
  }
}
