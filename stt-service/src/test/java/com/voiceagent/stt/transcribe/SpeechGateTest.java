package com.voiceagent.stt.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.stt.TestAudio;
import com.voiceagent.stt.engine.Audio;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpeechGateTest {
  private final SpeechGate gate = new SpeechGate(Duration.ofMillis(200), 400);

  @Test
  void recordedHebrewSpeechHasSpeech() {
    assertThat(gate.hasSpeech(TestAudio.speech())).isTrue();
    assertThat(gate.voiced(TestAudio.speech())).isGreaterThan(Duration.ofMillis(500));
  }

  @Test
  void digitalSilenceHasNoSpeech() {
    assertThat(gate.hasSpeech(TestAudio.silence(Duration.ofSeconds(2)))).isFalse();
  }

  @Test
  void quietLineNoiseHasNoSpeech() {
    assertThat(gate.hasSpeech(TestAudio.noise(Duration.ofSeconds(2), 120, 7))).isFalse();
  }

  @Test
  void aSteadyHumLouderThanTheLevelIsNotSpeech() {
    assertThat(gate.hasSpeech(hum(TestAudio.silence(Duration.ofSeconds(2)), 3000))).isFalse();
  }

  @Test
  void speechOverAQuietHumIsStillSpeech() {
    assertThat(gate.hasSpeech(hum(TestAudio.speech(), 300))).isTrue();
  }

  @Test
  void aShortClickIsNotSpeech() {
    short[] samples = new short[TestAudio.RATE * 2];
    for (int i = 8000; i < 8000 + 400; i++) { // 50 ms
      samples[i] = (short) ((i % 2 == 0) ? 20000 : -20000);
    }
    assertThat(gate.hasSpeech(new Audio(samples, TestAudio.RATE))).isFalse();
  }

  @Test
  void anEmptyUtteranceHasNoSpeech() {
    assertThat(gate.hasSpeech(new Audio(new short[0], TestAudio.RATE))).isFalse();
  }

  private static Audio hum(Audio base, int amplitude) {
    short[] samples = base.samples().clone();
    for (int i = 0; i < samples.length; i++) {
      int mixed = samples[i] + (int) (amplitude * Math.sin(2 * Math.PI * 100 * i / TestAudio.RATE));
      samples[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, mixed));
    }
    return new Audio(samples, base.sampleRate());
  }
}
