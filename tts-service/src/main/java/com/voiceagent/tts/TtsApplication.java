package com.voiceagent.tts;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Reply sentences in, Hebrew phone audio out, addressed to the gateway instance holding the call. */
@SpringBootApplication
@EnableConfigurationProperties(TtsProperties.class)
public class TtsApplication {
  public static void main(String[] args) {
    SpringApplication.run(TtsApplication.class, args);
  }
}
