package com.voiceagent.whatsapp;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** WhatsApp through Twilio: webhooks in, the authenticated send API and the outbox out. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(WhatsAppProperties.class)
public class WhatsAppApplication {

  public static void main(String[] args) {
    SpringApplication.run(WhatsAppApplication.class, args);
  }

  /** Injected wherever time matters (the 24-hour window, outbox leases) so tests can move it. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
