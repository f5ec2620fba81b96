package com.voiceagent.tts.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.audio.Wav;
import com.voiceagent.fixtures.GoogleTtsFixture;
import org.junit.jupiter.api.Test;

class PhoneAudioTest {

  @Test
  void aMuLaw8kWavWithExtraChunksYieldsExactlyItsDataChunk() {
    byte[] data = MuLaw.encode(GoogleTtsFixture.speech("שלום", 8000));
    byte[] wav = GoogleTtsFixture.muLawWav(data, 8000);
    assertThat(wav.length - data.length).isNotEqualTo(44);

    assertThat(PhoneAudio.fromWav(wav)).isEqualTo(data);
  }

  @Test
  void pcmAt22050IsResampledTo8k() {
    short[] oneSecond = new short[22050];
    for (int i = 0; i < oneSecond.length; i++) {
      oneSecond[i] = (short) (6000 * Math.sin(2 * Math.PI * 300 * i / 22050.0));
    }

    byte[] mu = PhoneAudio.fromWav(Wav.pcm16(oneSecond, 22050));

    assertThat(mu.length).isBetween(7990, 8010);
  }

  @Test
  void bytesThatAreNotWavAreASpeechFailure() {
    assertThatThrownBy(() -> PhoneAudio.fromWav("not a wav file at all".getBytes()))
        .isInstanceOf(SpeechFailedException.class)
        .hasMessageStartingWith("engine returned unreadable WAV");
  }
}
