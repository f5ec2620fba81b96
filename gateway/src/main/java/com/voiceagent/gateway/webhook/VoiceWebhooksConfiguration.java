package com.voiceagent.gateway.webhook;

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
}
