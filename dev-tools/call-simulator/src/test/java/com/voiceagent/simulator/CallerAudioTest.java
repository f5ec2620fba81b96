package com.voiceagent.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.audio.Wav;
import org.junit.jupiter.api.Test;

class CallerAudioTest {
  @Test
  void aRecordingEndingInsideAFrameTakesThatWholeFrame() {
    CallerAudio audio = CallerAudio.ofMuLaw(new byte[400]); // 2.5 frames

    assertThat(audio.recordedFrames()).isEqualTo(3);
    assertThat(audio.durationMs()).isEqualTo(50);
    assertThat(audio.muLaw()).hasSize(400);
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

  @Test
  void theCallerStopsSpeakingAfterTheLastAudibleFrame() {
    byte[] recording = new byte[160 * 6];
    java.util.Arrays.fill(recording, MuLaw.SILENCE);
    short[] loud = new short[160];
    java.util.Arrays.fill(loud, (short) 4000);
    System.arraycopy(MuLaw.encode(loud), 0, recording, 160, 160);
    System.arraycopy(MuLaw.encode(loud), 0, recording, 160 * 3, 160);

    CallerAudio audio = CallerAudio.ofMuLaw(recording);
    assertThat(audio.firstSpeechFrame()).isEqualTo(1);
    assertThat(audio.lastSpeechFrame()).as("the silence after the last word does not count").isEqualTo(3);
    byte[] silent = new byte[320];
    java.util.Arrays.fill(silent, MuLaw.SILENCE);
    assertThat(CallerAudio.ofMuLaw(silent).lastSpeechFrame()).isEqualTo(-1);
  }
}
