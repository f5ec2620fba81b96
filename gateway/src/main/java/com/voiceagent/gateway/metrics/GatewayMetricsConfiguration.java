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
 * a gauge of the calls whose stream this instance holds now, and how late their inbound frames are handled
 * ({@link FrameDelay}).
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
  FrameDelay frameDelay(MeterRegistry registry) {
    return new FrameDelay(registry);
  }

  @Bean
  Gauge callsActive(CallSessions sessions, MeterRegistry registry) {
    return MeteredCallEvents.callsActive(registry, sessions::size);
  }
}
