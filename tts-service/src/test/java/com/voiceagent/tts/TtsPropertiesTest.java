package com.voiceagent.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** voice.tts.* is bound and validated at startup, with messages that name the setting. */
class TtsPropertiesTest {

  @Configuration
  @EnableConfigurationProperties(TtsProperties.class)
  static class Config {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

  @Test
  void defaultsAreTheDocumentedOnes() {
    runner.run(context -> {
      TtsProperties p = context.getBean(TtsProperties.class);
      assertThat(p.engine()).isEqualTo(TtsProperties.Engine.AUTO);
      assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(p.google().voice()).isEqualTo("he-IL-Wavenet-A");
      assertThat(p.google().languageCode()).isEqualTo("he-IL");
      assertThat(p.espeak().binary()).isEqualTo("espeak-ng");
      assertThat(p.espeak().voice()).isEqualTo("he");
      assertThat(p.phrases().prewarmList()).isEmpty();
    });
  }

  @Test
  void prewarmPhrasesAreSeparatedByBarsSoHebrewCommasSurvive() {
    runner.withPropertyValues("voice.tts.phrases.prewarm=שלום, הגעתם למרפאה | להתראות, יום טוב")
        .run(context -> assertThat(context.getBean(TtsProperties.class).phrases().prewarmList())
            .containsExactly("שלום, הגעתם למרפאה", "להתראות, יום טוב"));
  }

  @Test
  void anEndpointWithoutAPortIsRejectedNamingTheVariable() {
    runner.withPropertyValues("voice.tts.google.endpoint=localhost")
        .run(context -> assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("(GOOGLE_TTS_ENDPOINT) must be host:port"));
  }

  @Test
  void aTooShortTimeoutIsRejectedNamingTheVariable() {
    runner.withPropertyValues("voice.tts.timeout=10ms")
        .run(context -> assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("TTS_TIMEOUT) must be at least 100ms"));
  }

  @Test
  void anUnknownEngineIsRejected() {
    runner.withPropertyValues("voice.tts.engine=azure")
        .run(context -> assertThat(context.getStartupFailure()).hasStackTraceContaining("voice.tts.engine"));
  }

  @Test
  void anOutOfRangeEspeakRateIsRejectedNamingTheVariable() {
    runner.withPropertyValues("voice.tts.espeak.rate=1000")
        .run(context -> assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("ESPEAK_RATE) must be at most 450"));
  }
}
