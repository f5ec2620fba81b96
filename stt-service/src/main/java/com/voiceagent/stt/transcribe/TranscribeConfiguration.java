package com.voiceagent.stt.transcribe;

import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.PlatformProperties;
import com.voiceagent.platform.kafka.DeadLetters;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.stt.SttProperties;
import com.voiceagent.stt.engine.SpeechToText;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the stage: guards and deadline around the chosen engine, and the Kafka listener. */
@Configuration(proxyBeanMethods = false)
public class TranscribeConfiguration {

  @Bean
  Transcriber transcriber(SpeechToText engine, SttProperties properties) {
    return new Transcriber(engine, new SpeechGate(properties.minVoiced(), properties.voicedLevel()),
        new HallucinationFilter(properties.fillers()), properties.timeout());
  }

  @Bean
  UtteranceStage utteranceStage(Transcriber transcriber, EventPublisher publisher, DeadLetters deadLetters,
      InstanceIdentity identity, PlatformProperties platform, Clock clock) {
    return new UtteranceStage(transcriber, publisher, deadLetters, identity, platform, clock);
  }
}
