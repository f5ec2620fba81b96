package com.voiceagent.gateway.webhook;

import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.kafka.EventPublisher;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class VoiceWebhooksConfiguration {
  @Bean
  CallStatusStore callStatusStore(WebhookProperties properties) {
    return new CallStatusStore(properties.maxTrackedCalls(), properties.maxRecordingsPerCall());
  }

  @Bean
  TwilioCallbacks twilioCallbacks(EventPublisher publisher, InstanceIdentity identity, Clock clock) {
    return new TwilioCallbacks(publisher, identity.id(), clock);
  }
}
