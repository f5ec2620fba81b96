package com.voiceagent.e2e;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.audio.Wav;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The benchmarks' caller: a recorded Hebrew question as the phone sends it (8 kHz mu-law), and where its speech
 * starts and ends (sample indexes), which is what latencies are measured from.
 */
record RecordedQuestion(byte[] muLaw, int firstSpeech, int lastSpeech) {
  private static final int SPEECH_THRESHOLD = 800;

  static RecordedQuestion load() {
    try (InputStream in = RecordedQuestion.class.getClassLoader().getResourceAsStream("hebrew-question.wav")) {
      short[] pcm = Wav.read(in.readAllBytes()).toMonoPcm16();
      return new RecordedQuestion(MuLaw.encode(pcm), firstLoud(pcm), lastLoud(pcm));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int firstLoud(short[] pcm) {
    for (int i = 0; i < pcm.length; i++) {
      if (Math.abs(pcm[i]) > SPEECH_THRESHOLD) {
        return i;
      }
    }
    return 0;
  }

  private static int lastLoud(short[] pcm) {
    for (int i = pcm.length - 1; i >= 0; i--) {
      if (Math.abs(pcm[i]) > SPEECH_THRESHOLD) {
        return i;
      }
    }
    return pcm.length - 1;
  }
}
