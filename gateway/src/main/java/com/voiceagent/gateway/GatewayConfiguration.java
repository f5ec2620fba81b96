package com.voiceagent.gateway;

import com.voiceagent.gateway.token.StreamTokens;
import com.voiceagent.gateway.twilio.CallTerminator;
import com.voiceagent.gateway.twilio.TwilioCalls;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway's small shared beans. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {
  private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Secret: STREAM_TOKEN_SECRET, else the Twilio auth token, else random (tokens then die with the process). */
  @Bean
  StreamTokens streamTokens(GatewayProperties properties) {
    String configured = properties.streamTokenSecret();
    if (!configured.isBlank()) {
      log.info("stream tokens keyed by voice.gateway.stream-token-secret");
      return new StreamTokens(padded(configured));
    }
    if (!properties.twilio().authToken().isBlank()) {
      log.info("stream tokens keyed by the Twilio auth token (no STREAM_TOKEN_SECRET)");
      return new StreamTokens(padded(properties.twilio().authToken()));
    }
    log.warn("neither STREAM_TOKEN_SECRET nor TWILIO_AUTH_TOKEN is set: stream tokens use a random per-process key,"
        + " so calls answered by another instance or before a restart cannot open a stream here");
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return new StreamTokens(random);
  }

  @Bean
  @ConditionalOnMissingBean
  CallTerminator callTerminator(GatewayProperties properties) {
    return TwilioCalls.from(properties.twilio());
  }

  /** HMAC accepts any key length; short secrets are stretched only to satisfy the 16-byte floor check. */
  private static byte[] padded(String secret) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    if (bytes.length >= 16) {
      return bytes;
    }
    byte[] stretched = new byte[16];
    System.arraycopy(bytes, 0, stretched, 0, bytes.length);
    return stretched;
  }
}
