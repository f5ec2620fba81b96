package com.voiceagent.tts.espeak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.tts.engine.SpeechFailedException;
import com.voiceagent.tts.engine.TextToSpeech;
import com.voiceagent.tts.fixture.MuLawLevel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The real espeak-ng binary (installed here and in CI) speaking Hebrew. */
class EspeakTextToSpeechIT {
  private static final Duration BUDGET = Duration.ofSeconds(10);

  @Test
  void aHebrewSentenceBecomesAudible8kMuLawOfPlausibleLength() {
    TextToSpeech espeak = EspeakEngines.create("espeak-ng", "he", 160);

    byte[] audio = espeak.synthesizeMuLaw8k("שלום, איך אפשר לעזור לך היום?", BUDGET);

    double seconds = audio.length / 8000.0;
    assertThat(seconds).isBetween(0.5, 10.0);
    assertThat(MuLawLevel.rms(audio)).isGreaterThan(300.0);
  }

  @Test
  void textThatLooksLikeAnOptionIsSpokenNotObeyed() {
    TextToSpeech espeak = EspeakEngines.create("espeak-ng", "he", 160);

    byte[] audio = espeak.synthesizeMuLaw8k("--version; rm -rf / שלום", BUDGET);

    assertThat(audio.length / 8000.0).isGreaterThan(0.5);
  }

  @Test
  void aMissingBinaryIsASpeechFailureNamingIt() {
    TextToSpeech espeak = EspeakEngines.create("/nonexistent/espeak-ng", "he", 160);

    assertThatThrownBy(() -> espeak.synthesizeMuLaw8k("שלום", BUDGET))
        .isInstanceOf(SpeechFailedException.class)
        .hasMessageContaining("/nonexistent/espeak-ng");
  }

  @Test
  void anOutOfRangeRateIsRejectedWithTheRange() {
    assertThatThrownBy(() -> EspeakEngines.create("espeak-ng", "he", 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("wordsPerMinute must be 80..450 (espeak-ng's range), was 20");
  }

  @Test
  void theBinaryIsFoundOnThePathOrByItsPath() {
    assertThat(EspeakEngines.locate("espeak-ng", System.getenv("PATH"))).isPresent();
    assertThat(EspeakEngines.locate("/nonexistent/espeak-ng", System.getenv("PATH"))).isEmpty();
    assertThat(EspeakEngines.locate("espeak-ng", "/nonexistent-dir")).isEmpty();
  }
}
