package com.voiceagent.gateway.metrics;

import com.voiceagent.gateway.call.CallEvents;
import com.voiceagent.gateway.call.CallSessions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The gateway's metrics: the calls' events go to Kafka through {@link MeteredCallEvents} (the events the calls see),
 * and a gauge of the calls whose stream this instance holds now.
 */
@Configuration(proxyBeanMethods = false)
class GatewayMetricsConfiguration {
  /** The Kafka adapter's bean is named callEvents; the calls get it wrapped. */
  @Bean
  @Primary
  MeteredCallEvents meteredCallEvents(@Qualifier("callEvents") CallEvents kafka, MeterRegistry registry) {
    return new MeteredCallEvents(kafka, registry);
  }

  @Bean
  Gauge callsActive(CallSessions sessions, MeterRegistry registry) {
    return MeteredCallEvents.callsActive(registry, sessions::size);
  }
}
