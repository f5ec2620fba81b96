package com.voiceagent.tts.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.google.cloud.texttospeech.v1.AudioEncoding;
import com.google.cloud.texttospeech.v1.SynthesizeSpeechRequest;
import com.voiceagent.audio.MuLaw;
import com.voiceagent.fixtures.GoogleTtsFixture;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.tts.engine.SpeechFailedException;
import com.voiceagent.tts.engine.TextToSpeech;
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
    try (var fixture = GoogleTtsFixture.start(LatencyModel.instant())) {
      TextToSpeech google = engine(fixture, "he-IL-Wavenet-A", BUDGET);

      byte[] audio = google.synthesizeMuLaw8k("שלום! במה אפשר לעזור?", BUDGET);

      assertThat(fixture.violations()).isEmpty();
      SynthesizeSpeechRequest request = fixture.requests().getFirst();
      assertThat(request.getVoice().getName()).isEqualTo("he-IL-Wavenet-A");
      assertThat(request.getAudioConfig().getAudioEncoding()).isEqualTo(AudioEncoding.MULAW);
      assertThat(request.getAudioConfig().getSampleRateHertz()).isEqualTo(8000);
      String ssml = request.getInput().getSsml();
      assertThat(ssml).isEqualTo("<speak>שלום!<break time=\"250ms\"/>במה אפשר לעזור?<break time=\"250ms\"/></speak>");
      assertThat(audio).isEqualTo(MuLaw.encode(GoogleTtsFixture.speech(ssml, 8000)));
    }
  }

  @Test
  void markupInTheTextIsEscapedNotInterpreted() throws Exception {
    try (var fixture = GoogleTtsFixture.start(LatencyModel.instant())) {
      engine(fixture, "he-IL-Wavenet-A", BUDGET).synthesizeMuLaw8k("מחיר <b>5 & 6</b> \"שקל\"", BUDGET);

      assertThat(fixture.requests().getFirst().getInput().getSsml())
          .contains("מחיר &lt;b&gt;5 &amp; 6&lt;/b&gt; &quot;שקל&quot;")
          .doesNotContain("<b>");
    }
  }

  @Test
  void aChirp3HdVoiceIsStreamedAsPlainTextAndResampledTo8kMuLaw() throws Exception {
    String voice = "he-IL-Chirp3-HD-Aoede";
    String text = "שלום, מה שלומך?";
    try (var fixture = GoogleTtsFixture.start(LatencyModel.instant())) {
      byte[] audio = engine(fixture, voice, BUDGET).synthesizeMuLaw8k(text, BUDGET);

      assertThat(fixture.violations()).isEmpty();
      assertThat(fixture.requests()).isEmpty();
      var stream = fixture.streams().getFirst();
      assertThat(stream).hasSize(2);
      assertThat(stream.get(0).getStreamingConfig().getVoice().getName()).isEqualTo(voice);
      assertThat(stream.get(0).getStreamingConfig().getVoice().getLanguageCode()).isEqualTo("he-IL");
      assertThat(stream.get(1).getInput().getText()).isEqualTo(text);
      // The streamed 24 kHz voice becomes the same length of 8 kHz mu-law (filter edges allowed), as loud.
      byte[] sameVoiceAt8k = MuLaw.encode(GoogleTtsFixture.speech(text, 8000));
      assertThat(audio.length).isCloseTo(sameVoiceAt8k.length, within(10));
      assertThat(MuLawLevel.rms(audio)).isCloseTo(MuLawLevel.rms(sameVoiceAt8k), withinPercentage(10));
    }
  }

  @Test
  void anUnavailableServerIsASpeechFailureNamingTheStatus() throws Exception {
    try (var fixture = GoogleTtsFixture.start(LatencyModel.instant())) {
      TextToSpeech google = engine(fixture, "he-IL-Wavenet-A", BUDGET);

      assertThatThrownBy(() -> google.synthesizeMuLaw8k("FAIL שלום", BUDGET))
          .isInstanceOf(SpeechFailedException.class)
          .hasMessageContaining("UNAVAILABLE");
      assertThat(fixture.requests()).hasSize(1); // no retries: the espeak fallback is the retry
    }
  }

  @Test
  void aServerThatNeverAnswersIsCutAtTheBudget() throws Exception {
    try (var fixture = GoogleTtsFixture.start(LatencyModel.instant())) {
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
    try (var fixture = GoogleTtsFixture.start(LatencyModel.instant())) {
      Duration budget = Duration.ofMillis(300);
      TextToSpeech google = engine(fixture, voice, budget);

      assertThatThrownBy(() -> google.synthesizeMuLaw8k("HANG שלום", budget))
          .isInstanceOf(SpeechFailedException.class)
          .hasMessageContaining("DEADLINE_EXCEEDED");
    }
  }
}
