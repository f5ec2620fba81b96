package com.voiceagent.stt.transcribe;

import com.voiceagent.stt.SttProperties;
import com.voiceagent.stt.engine.SpeechToText;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The transcriber: guards and a deadline around the chosen engine (the Kafka side is in the kafka package). */
@Configuration(proxyBeanMethods = false)
public class TranscribeConfiguration {

  @Bean
  Transcriber transcriber(SpeechToText engine, SttProperties properties) {
    return new Transcriber(engine, new SpeechGate(properties.minVoiced(), properties.voicedLevel()),
        new HallucinationFilter(properties.fillers()), properties.timeout());
  }
}
