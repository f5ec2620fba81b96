package com.voiceagent.tts.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechRequest;
import com.voiceagent.tts.engine.SpeechFailedException;
import com.voiceagent.tts.engine.TextToSpeech;
import com.voiceagent.tts.fixture.GoogleTtsFixture;
import com.voiceagent.tts.fixture.MuLawLevel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The official Google client, unchanged, against a local server speaking Google's gRPC protocol. */
class GoogleTextToSpeechIT {
  private static final Duration BUDGET = Duration.ofSeconds(3);

  private static TextToSpeech engine(GoogleTtsFixture fixture, String voice, Duration timeout) throws Exception {
    return GoogleEngines.create(new GoogleEngines.Settings(voice, "he-IL", fixture.endpoint(), "",
        Duration.ofMillis(250), timeout));
  }

  @Test
  void aWavenetVoiceAsksForMulaw8kWithSsmlAndKeepsOnlyTheDataChunk() throws Exception {
    try (var fixture = new GoogleTtsFixture("he-IL-Wavenet-A")) {
      TextToSpeech google = engine(fixture, "he-IL-Wavenet-A", BUDGET);

      byte[] audio = google.synthesizeMuLaw8k("שלום! במה אפשר לעזור?", BUDGET);

      assertThat(fixture.violations).isEmpty();
      SynthesizeSpeechRequest request = fixture.requests.getFirst();
      assertThat(request.getVoice().getName()).isEqualTo("he-IL-Wavenet-A");
      assertThat(request.getAudioConfig().getAudioEncoding()).isEqualTo(AudioEncoding.MULAW);
      assertThat(request.getAudioConfig().getSampleRateHertz()).isEqualTo(8000);
      String ssml = request.getInput().getSsml();
      assertThat(ssml).isEqualTo("<speak>שלום!<break time=\"250ms\"/>במה אפשר לעזור?<break time=\"250ms\"/></speak>");
      assertThat(audio).isEqualTo(GoogleTtsFixture.dataFor(ssml));
    }
  }

  @Test
  void markupInTheTextIsEscapedNotInterpreted() throws Exception {
    try (var fixture = new GoogleTtsFixture("he-IL-Wavenet-A")) {
      engine(fixture, "he-IL-Wavenet-A", BUDGET).synthesizeMuLaw8k("מחיר <b>5 & 6</b> \"שקל\"", BUDGET);

      assertThat(fixture.requests.getFirst().getInput().getSsml())
          .contains("מחיר &lt;b&gt;5 &amp; 6&lt;/b&gt; &quot;שקל&quot;")
          .doesNotContain("<b>");
    }
  }

  @Test
  void aChirp3HdVoiceIsStreamedAsPlainTextAndResampledTo8kMuLaw() throws Exception {
    String voice = "he-IL-Chirp3-HD-Aoede";
    try (var fixture = new GoogleTtsFixture(voice)) {
      byte[] audio = engine(fixture, voice, BUDGET).synthesizeMuLaw8k("שלום, מה שלומך?", BUDGET);

      assertThat(fixture.violations).isEmpty();
      assertThat(fixture.requests).isEmpty();
      var stream = fixture.streams.getFirst();
      assertThat(stream).hasSize(2);
      assertThat(stream.get(0).getStreamingConfig().getVoice().getName()).isEqualTo(voice);
      assertThat(stream.get(0).getStreamingConfig().getVoice().getLanguageCode()).isEqualTo("he-IL");
      assertThat(stream.get(1).getInput().getText()).isEqualTo("שלום, מה שלומך?");
      // One second at 24 kHz becomes one second at 8 kHz: 8000 mu-law bytes (filter edges allowed).
      assertThat(audio.length).isBetween(7990, 8010);
      assertThat(MuLawLevel.rms(audio)).isBetween(4000.0, 7000.0); // the 8000-peak tone survives (RMS ~5657)
    }
  }

  @Test
  void anUnavailableServerIsASpeechFailureNamingTheStatus() throws Exception {
    try (var fixture = new GoogleTtsFixture("he-IL-Wavenet-A")) {
      TextToSpeech google = engine(fixture, "he-IL-Wavenet-A", BUDGET);

      assertThatThrownBy(() -> google.synthesizeMuLaw8k("FAIL שלום", BUDGET))
          .isInstanceOf(SpeechFailedException.class)
          .hasMessageContaining("UNAVAILABLE");
      assertThat(fixture.requests).hasSize(1); // no retries: the espeak fallback is the retry
    }
  }

  @Test
  void aServerThatNeverAnswersIsCutAtTheBudget() throws Exception {
    try (var fixture = new GoogleTtsFixture("he-IL-Wavenet-A")) {
      Duration budget = Duration.ofMillis(300);
      TextToSpeech google = engine(fixture, "he-IL-Wavenet-A", budget);

      assertThatThrownBy(() -> google.synthesizeMuLaw8k("HANG שלום", budget))
          .isInstanceOf(SpeechFailedException.class)
          .hasMessageContaining("DEADLINE_EXCEEDED");
    }
  }

  @Test
  void aStreamThatNeverAnswersIsCutAtTheBudget() throws Exception {
    String voice = "he-IL-Chirp3-HD-Kore";
    try (var fixture = new GoogleTtsFixture(voice)) {
      Duration budget = Duration.ofMillis(300);
      TextToSpeech google = engine(fixture, voice, budget);

      assertThatThrownBy(() -> google.synthesizeMuLaw8k("HANG שלום", budget))
          .isInstanceOf(SpeechFailedException.class)
          .hasMessageContaining("DEADLINE_EXCEEDED");
    }
  }
}
