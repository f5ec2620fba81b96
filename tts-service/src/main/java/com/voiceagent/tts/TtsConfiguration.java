package com.voiceagent.tts;

import com.voiceagent.tts.engine.Speaker;
import com.voiceagent.tts.engine.TextToSpeech;
import com.voiceagent.tts.espeak.EspeakEngines;
import com.voiceagent.tts.google.GoogleEngines;
import com.voiceagent.tts.speech.SpeechNormalizer;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** Picks and builds the engines and the speech normalizer (the Kafka side is in the kafka package). */
@Configuration(proxyBeanMethods = false)
class TtsConfiguration {
  private static final Logger log = LoggerFactory.getLogger(TtsConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The engine behind everything: Google with espeak as its per-sentence fallback, or espeak alone. */
  @Bean
  @ConditionalOnMissingBean
  Speaker speaker(TtsProperties properties) throws IOException {
    EngineSelection selection = EngineSelection.choose(properties);
    TtsProperties.Espeak espeakSettings = properties.espeak();
    TextToSpeech espeak = EspeakEngines.create(espeakSettings.binary(), espeakSettings.voice(), espeakSettings.rate());
    if (EspeakEngines.locate(espeakSettings.binary(), System.getenv("PATH")).isEmpty()) {
      // Not fatal: with Google as primary the service still speaks; but a failing sentence will be silent.
      log.warn("espeak-ng binary '{}' not found or not executable (ESPEAK_BINARY): the offline engine will fail",
          espeakSettings.binary());
    }
    if (!selection.google()) {
      log.info("TTS engine espeak (voice {}, binary {}) because {}", espeakSettings.voice(), espeakSettings.binary(), selection.reason());
      return new Speaker(espeak, null, properties.timeout(), properties.phrases().cacheSize());
    }
    TtsProperties.Google google = properties.google();
    TextToSpeech primary = GoogleEngines.create(new GoogleEngines.Settings(google.voice(), google.languageCode(),
        google.endpoint(), google.serviceAccountJson(), google.sentencePause(), properties.timeout()));
    log.info("TTS engine google (voice {}, endpoint {}{}) with espeak fallback because {}", google.voice(),
        google.endpoint().isBlank() ? "default" : google.endpoint(),
        GoogleEngines.isPlaintextEndpoint(google.endpoint()) ? ", plaintext loopback" : "", selection.reason());
    return new Speaker(primary, espeak, properties.timeout(), properties.phrases().cacheSize());
  }

  /** Before any engine: numbers, times, dates and prices in Hebrew words (docs/speech-normalization.md). */
  @Bean
  SpeechNormalizer speechNormalizer() {
    return SpeechNormalizer.hebrew();
  }


  @Bean
  PhrasePrewarmer phrasePrewarmer(Speaker speaker, TtsProperties properties) {
    return new PhrasePrewarmer(speaker, properties.phrases().prewarmList());
  }

  /** Fills the fixed-phrase cache in the background once the service is up, so the greeting is instant. */
  static final class PhrasePrewarmer {
    private final Speaker speaker;
    private final List<String> phrases;

    PhrasePrewarmer(Speaker speaker, List<String> phrases) {
      this.speaker = speaker;
      this.phrases = phrases;
    }

    @EventListener(ApplicationReadyEvent.class)
    void prewarm() {
      if (phrases.isEmpty()) {
        return;
      }
      Thread.ofVirtual().name("tts-prewarm").start(() -> {
        long start = System.nanoTime();
        speaker.prewarm(phrases);
        log.info("pre-warmed {} fixed phrase(s) with {} in {} ms", phrases.size(), speaker.primaryName(),
            (System.nanoTime() - start) / 1_000_000);
      });
    }
  }
}
