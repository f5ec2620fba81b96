package com.voiceagent.stt.engine;

import com.voiceagent.stt.SttProperties;
import com.voiceagent.stt.openai.OpenAiSpeechToText;
import com.voiceagent.stt.whispercpp.WhisperCppSpeechToText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the one engine this instance uses, and says at startup which one and why (never the key). */
@Configuration(proxyBeanMethods = false)
public class SpeechToTextConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SpeechToTextConfiguration.class);

  @Bean
  SpeechToText speechToText(SttProperties properties) {
    EngineChoice choice = EngineChoice.of(properties);
    SpeechToText engine = create(choice, properties);
    log.info("speech-to-text engine {} ({}); budget {} ms", engine, choice.why(), properties.timeout().toMillis());
    return engine;
  }

  /**
   * The engine these settings choose, built and ready (for tools such as a replay or load generator
   * that transcribe outside the stage). Close it when it is {@link AutoCloseable}.
   */
  public static SpeechToText engineFor(SttProperties properties) {
    return create(EngineChoice.of(properties), properties);
  }

  static SpeechToText create(EngineChoice choice, SttProperties properties) {
    return switch (choice.engine()) {
      case OPENAI -> new OpenAiSpeechToText(properties.openai().baseUrl(), properties.openai().apiKey(),
          properties.model(), properties.timeout(), properties.openai().maxRetries()).warmUp();
      case WHISPER_CPP -> WhisperCppSpeechToText.load(properties.whisperCpp().model(), properties.whisperCpp().contexts());
      case NONE -> new NoSpeechToText();
      case AUTO -> throw new IllegalStateException("auto is resolved by EngineChoice");
    };
  }
}
