package com.voiceagent.dialog;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** dialog-service: transcripts in, streamed reply sentences out (and WhatsApp text replies). */
@SpringBootApplication
@EnableConfigurationProperties(DialogProperties.class)
public class DialogApplication {
  public static void main(String[] args) {
    SpringApplication.run(DialogApplication.class, args);
  }
}
