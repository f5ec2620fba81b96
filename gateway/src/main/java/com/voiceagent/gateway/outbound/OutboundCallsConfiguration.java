package com.voiceagent.gateway.outbound;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CallsProperties.class)
class OutboundCallsConfiguration {
  @Bean
  OutboundCalls outboundCalls(CallsProperties properties) {
    return new OutboundCalls(properties.maxTrackedCalls());
  }

  @Bean
  CallsAccess callsAccess(CallsProperties properties) {
    return CallsAccess.of(properties.apiToken());
  }
}
