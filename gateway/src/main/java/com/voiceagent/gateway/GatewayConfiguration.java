package com.voiceagent.gateway;

import com.voiceagent.edge.TwilioProperties;
import com.voiceagent.gateway.token.StreamAdmission;
import com.voiceagent.gateway.token.StreamClaims;
import com.voiceagent.gateway.token.StreamTokens;
import com.voiceagent.gateway.twilio.CallControl;
import com.voiceagent.gateway.twilio.CallPlacer;
import com.voiceagent.gateway.twilio.TwilioCalls;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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

  /**
   * Secret: STREAM_TOKEN_SECRET, else the Twilio auth token, else random (tokens then die with the process).
   * A key shorter than the minimum is refused at startup, never padded: padding adds no secret.
   *
   * @throws IllegalStateException when the Twilio auth token stands in for the secret and is too short
   */
  @Bean
  StreamTokens streamTokens(GatewayProperties properties, TwilioProperties twilio) {
    String configured = properties.streamTokenSecret();
    Duration lifetime = properties.streams().tokenLifetime();
    if (!configured.isBlank()) {
      log.info("stream tokens keyed by voice.gateway.stream-token-secret");
      return new StreamTokens(configured.getBytes(StandardCharsets.UTF_8), lifetime);
    }
    if (twilio.hasAuthToken()) {
      byte[] authToken = twilio.authToken().getBytes(StandardCharsets.UTF_8);
      if (authToken.length < GatewayProperties.MIN_STREAM_TOKEN_SECRET_BYTES) {
        throw new IllegalStateException("STREAM_TOKEN_SECRET is not set and TWILIO_AUTH_TOKEN, which keys the stream tokens"
            + " instead, is shorter than " + GatewayProperties.MIN_STREAM_TOKEN_SECRET_BYTES + " bytes: set STREAM_TOKEN_SECRET"
            + " (openssl rand -base64 32)");
      }
      log.info("stream tokens keyed by the Twilio auth token (no STREAM_TOKEN_SECRET)");
      return new StreamTokens(authToken, lifetime);
    }
    log.warn("neither STREAM_TOKEN_SECRET nor TWILIO_AUTH_TOKEN is set: stream tokens use a random per-process key,"
        + " so calls answered by another instance or before a restart cannot open a stream here");
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return new StreamTokens(random, lifetime);
  }

  @Bean
  StreamAdmission streamAdmission(StreamTokens tokens, StreamClaims claims, Clock clock) {
    return new StreamAdmission(tokens, claims, clock);
  }

  @Bean
  @ConditionalOnMissingBean
  CallControl callControl(TwilioProperties twilio) {
    return TwilioCalls.from(twilio);
  }

  @Bean
  @ConditionalOnMissingBean
  CallPlacer callPlacer(TwilioProperties twilio) {
    return TwilioCalls.from(twilio)::place;
  }
}
