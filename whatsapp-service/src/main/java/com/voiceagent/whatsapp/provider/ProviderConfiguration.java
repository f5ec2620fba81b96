package com.voiceagent.whatsapp.provider;

import com.twilio.exception.AuthenticationException;
import com.twilio.http.TwilioRestClient;
import com.voiceagent.edge.TwilioProperties;
import com.voiceagent.edge.twilio.TwilioClients;
import com.voiceagent.whatsapp.WhatsAppProperties;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the one WhatsApp provider path: Twilio. */
@Configuration(proxyBeanMethods = false)
class ProviderConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ProviderConfiguration.class);

  @Bean
  WhatsAppProvider whatsAppProvider(WhatsAppProperties properties, TwilioProperties twilio) {
    boolean configured = twilio.restConfigured();
    if (!configured) {
      log.warn("TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN not set: sending will fail with an authentication error");
    }
    if (properties.whatsappNumber().isBlank()) {
      log.warn("TWILIO_WHATSAPP_NUMBER not set: sending is refused until it is configured");
    }
    log.info("WhatsApp provider: Twilio, REST requests to {}",
        twilio.apiBaseUrl() == null ? "https://api.twilio.com" : twilio.apiBaseUrl());
    // edge's TwilioClients points the real SDK at TWILIO_API_BASE_URL (a local fixture in tests), with our
    // timeouts: the outbox lease is checked against the longest send they allow (WhatsAppProperties).
    TwilioRestClient client = configured ? TwilioClients.create(twilio, properties.twilio().httpTimeouts()) : null;
    log.info("Twilio REST: connect timeout {}, read timeout {}; the longest send {} fits the outbox lease {}",
        properties.twilio().connectTimeout(), properties.twilio().readTimeout(), properties.twilio().longestSend(),
        properties.outbox().lease());
    Supplier<TwilioRestClient> supplier = () -> {
      if (client == null) {
        throw new AuthenticationException("Twilio credentials are not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)");
      }
      return client;
    };
    return new TwilioWhatsAppProvider(supplier, properties.twilio().retryAttempts(), properties.twilio().retryWait());
  }
}
