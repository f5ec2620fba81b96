package com.voiceagent.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.audio.Wav;
import org.junit.jupiter.api.Test;

class CallerAudioTest {
  @Test
  void framesAre20MsOf160BytesNumberedLikeTwilio() {
    CallerAudio audio = CallerAudio.ofMuLaw(new byte[400]);

    CallerAudio.MediaFrame first = audio.frame(0);
    CallerAudio.MediaFrame fiftieth = audio.frame(49);

    assertThat(first.chunk()).isEqualTo(1);
    assertThat(first.timestampMs()).isZero();
    assertThat(first.payload()).hasSize(160);
    assertThat(fiftieth.chunk()).isEqualTo(50);
    assertThat(fiftieth.timestampMs()).isEqualTo(980); // audio time: 49 frames of 20 ms
  }

  @Test
  void theLastFrameIsPaddedWithSilenceAndTheLineContinuesWithSilence() {
    byte[] recording = new byte[400]; // 2.5 frames of 0x00 (loud mu-law)
    CallerAudio audio = CallerAudio.ofMuLaw(recording);

    assertThat(audio.recordedFrames()).isEqualTo(3);
    assertThat(audio.durationMs()).isEqualTo(50);
    CallerAudio.MediaFrame last = audio.frame(2);
    assertThat(last.fromRecording()).isTrue();
    for (int i = 0; i < 80; i++) {
      assertThat(last.payload()[i]).isEqualTo((byte) 0);
    }
    for (int i = 80; i < 160; i++) {
      assertThat(last.payload()[i]).isEqualTo(MuLaw.SILENCE);
    }
    CallerAudio.MediaFrame after = audio.frame(3);
    assertThat(after.fromRecording()).isFalse();
    assertThat(after.payload()).containsOnly(MuLaw.SILENCE);
    assertThat(after.timestampMs()).isEqualTo(60);
  }

  @Test
  void aWavAtAnotherRateIsResampledTo8kHz() {
    short[] oneSecondAt16k = new short[16_000];
    for (int i = 0; i < oneSecondAt16k.length; i++) {
      oneSecondAt16k[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
    }

    CallerAudio audio = CallerAudio.fromWav(Wav.pcm16(oneSecondAt16k, 16_000));

    assertThat(audio.durationMs()).isBetween(990L, 1010L);
    assertThat(audio.recordedFrames()).isBetween(49, 51);
  }

  @Test
  void theCallerStartsSpeakingAtTheFirstAudibleFrame() {
    byte[] recording = new byte[160 * 5];
    java.util.Arrays.fill(recording, MuLaw.SILENCE);
    short[] loud = new short[160];
    java.util.Arrays.fill(loud, (short) 4000);
    System.arraycopy(MuLaw.encode(loud), 0, recording, 160 * 3, 160);

    assertThat(CallerAudio.ofMuLaw(recording).firstSpeechFrame()).isEqualTo(3);
    byte[] silent = new byte[320];
    java.util.Arrays.fill(silent, MuLaw.SILENCE);
    assertThat(CallerAudio.ofMuLaw(silent).firstSpeechFrame()).isEqualTo(-1);
  }
}
