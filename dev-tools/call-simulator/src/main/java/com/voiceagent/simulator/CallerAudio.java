package com.voiceagent.simulator;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.audio.Resampler;
import com.voiceagent.audio.Wav;
import com.voiceagent.audio.WavAudio;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the caller says: a WAV recording as the phone line carries it, 8 kHz mu-law (the line sends it in
 * 20 ms frames of 160 bytes, then keeps going with silence, as a real phone line does).
 */
public final class CallerAudio {
  public static final int SAMPLE_RATE = 8000;
  public static final int FRAME_MS = 20;
  public static final int FRAME_BYTES = SAMPLE_RATE * FRAME_MS / 1000;

  private final byte[] muLaw;

  private CallerAudio(byte[] muLaw) {
    this.muLaw = muLaw;
  }

  /** Any WAV the audio module reads (PCM 8/16-bit, mu-law; any rate; stereo is downmixed). */
  public static CallerAudio fromWav(byte[] wavFile) {
    WavAudio wav = Wav.read(Objects.requireNonNull(wavFile, "wavFile"));
    short[] pcm = wav.toMonoPcm16();
    short[] at8k = wav.sampleRate() == SAMPLE_RATE ? pcm : Resampler.of(wav.sampleRate(), SAMPLE_RATE).resample(pcm);
    return new CallerAudio(MuLaw.encode(at8k));
  }

  static CallerAudio ofMuLaw(byte[] muLaw) {
    return new CallerAudio(muLaw.clone());
  }

  /** Mean absolute level (of 32768) above which a frame counts as the caller speaking. */
  static final int SPEECH_LEVEL = 500;

  /** The whole recording, 8 kHz mu-law. */
  public byte[] muLaw() {
    return muLaw.clone();
  }

  /**
   * The first frame in which the caller is audibly speaking, or -1 for a silent recording. Without the
   * pipeline's own records (--kafka none) answers are counted from here, so a greeting that starts
   * before the caller speaks is not taken for an answer.
   */
  public int firstSpeechFrame() {
    for (int frame = 0; frame < recordedFrames(); frame++) {
      if (loud(frame)) {
        return frame;
      }
    }
    return -1;
  }

  /**
   * The last frame in which the caller is audibly speaking, or -1 for a silent recording: a turn's latency
   * counts from when the line sent it (the caller's last word), not from the silence after it.
   */
  public int lastSpeechFrame() {
    for (int frame = recordedFrames() - 1; frame >= 0; frame--) {
      if (loud(frame)) {
        return frame;
      }
    }
    return -1;
  }

  private boolean loud(int frame) {
    int from = frame * FRAME_BYTES;
    short[] pcm = MuLaw.decode(Arrays.copyOfRange(muLaw, from, Math.min(muLaw.length, from + FRAME_BYTES)));
    long sum = 0;
    for (short s : pcm) {
      sum += Math.abs(s);
    }
    return sum / pcm.length > SPEECH_LEVEL;
  }

  /** Frames that carry the recording; the last one is padded with silence. */
  public int recordedFrames() {
    return (muLaw.length + FRAME_BYTES - 1) / FRAME_BYTES;
  }

  public long durationMs() {
    return muLaw.length * 1000L / SAMPLE_RATE;
  }
}
