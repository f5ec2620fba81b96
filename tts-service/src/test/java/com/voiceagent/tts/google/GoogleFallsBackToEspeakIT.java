package com.voiceagent.tts.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.fixtures.GoogleTtsFixture;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.tts.engine.Speaker;
import com.voiceagent.tts.engine.Synthesis;
import com.voiceagent.tts.engine.TextToSpeech;
import com.voiceagent.tts.espeak.EspeakEngines;
import com.voiceagent.tts.fixture.MuLawLevel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The real Google client against the protocol fixture, with the real espeak-ng as its fallback. */
class GoogleFallsBackToEspeakIT {
  /** Generous, so a loaded machine's slow first connection is not mistaken for a failure. */
  private static final Duration BUDGET = Duration.ofSeconds(10);

  private static Speaker speaker(GoogleTtsFixture fixture, String espeakBinary, Duration budget) throws Exception {
    TextToSpeech google = GoogleEngines.create(new GoogleEngines.Settings("he-IL-Wavenet-A", "he-IL",
        fixture.endpoint(), "", Duration.ofMillis(250), budget));
    return new Speaker(google, EspeakEngines.create(espeakBinary, "he", 160), budget, 8);
  }

  @Test
  void anUnavailableGoogleIsReplacedByEspeakForThatSentence() throws Exception {
    try (var fixture = GoogleTtsFixture.start(LatencyModel.instant())) {
      Synthesis s = speaker(fixture, "espeak-ng", BUDGET).speak("FAIL שלום, איך אפשר לעזור?").orElseThrow();

      assertThat(s.engine()).isEqualTo("espeak");
      assertThat(s.fromFallback()).isTrue();
      assertThat(s.audio().length / 8000.0).isBetween(0.5, 10.0);
      assertThat(fixture.requests()).hasSize(1);
    }
  }

  @Test
  void aGoogleThatHangsPastTheBudgetIsReplacedByEspeak() throws Exception {
    try (var fixture = GoogleTtsFixture.start(LatencyModel.instant())) {
      Synthesis s = speaker(fixture, "espeak-ng", Duration.ofSeconds(2)).speak("HANG שלום, איך אפשר לעזור?").orElseThrow();

      assertThat(s.engine()).isEqualTo("espeak");
      assertThat(MuLawLevel.rms(s.audio())).isGreaterThan(300.0);
    }
  }

  @Test
  void whenGoogleAndEspeakBothFailThereIsNoAudioAndTheNextSentenceStillWorks() throws Exception {
    try (var fixture = GoogleTtsFixture.start(LatencyModel.instant())) {
      Speaker speaker = speaker(fixture, "/nonexistent/espeak-ng", BUDGET);

      assertThat(speaker.speak("FAIL שלום")).isEmpty();
      Synthesis next = speaker.speak("משפט הבא").orElseThrow();

      assertThat(next.engine()).isEqualTo("google");
    }
  }
}
