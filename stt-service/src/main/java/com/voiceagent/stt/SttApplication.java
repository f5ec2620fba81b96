package com.voiceagent.stt;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** Speech-to-text stage: caller utterances (voice.utterances) in, Hebrew transcripts (voice.transcripts) out. */
@SpringBootApplication
@EnableConfigurationProperties(SttProperties.class)
public class SttApplication {

  public static void main(String[] args) {
    SpringApplication.run(SttApplication.class, args);
  }

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }
}
