package com.voiceagent.gateway.media;

import com.voiceagent.edge.EdgeAutoConfiguration;
import com.voiceagent.edge.health.ReadinessCheck;
import com.voiceagent.edge.health.ReadinessChecks;
import com.voiceagent.gateway.GatewayProperties;
import com.voiceagent.gateway.call.CallSessions;
import com.voiceagent.gateway.metrics.FrameDelay;
import com.voiceagent.gateway.token.StreamAdmission;
import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** Mounts the media-stream socket and sets the container's per-socket limits. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class MediaStreamConfiguration implements WebSocketConfigurer {
  static final String PATH = "/ws/twilio-media";

  private final MediaStreamHandler handler;

  MediaStreamConfiguration(GatewayProperties properties, StreamAdmission admission, CallSessions calls, Clock clock,
      FrameDelay frameDelay) {
    TwilioWire wire = new TwilioWire((int) properties.inbound().maxMediaPayload().toBytes());
    this.handler = new MediaStreamHandler(properties,
        new StreamConnection.Shared(wire, admission, calls, clock, properties.inbound().maxAudioAhead(), frameDelay));
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    // Twilio sends no Origin header; a browser that does is not Twilio and the signature filter rejects it.
    registry.addHandler(handler, PATH).setAllowedOriginPatterns("*");
  }

  /** Messages above the limit are refused by the container with close code 1009 before we buffer them. */
  @Bean
  ServletServerContainerFactoryBean createWebSocketContainer(GatewayProperties properties) {
    ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
    int max = (int) properties.inbound().maxMessageSize().toBytes();
    container.setMaxTextMessageBufferSize(max);
    container.setMaxBinaryMessageBufferSize(max);
    container.setMaxSessionIdleTimeout(properties.inbound().idleTimeout().toMillis());
    return container;
  }

  @Bean
  MediaStreamHandler mediaStreamHandler() {
    return handler;
  }

  @Bean
  GatewayDrain gatewayDrain(ApplicationEventPublisher events, GatewayProperties properties) {
    return new GatewayDrain(handler, events, properties);
  }

  /** A stopping gateway is not ready: a load balancer that probes readiness sends new calls elsewhere. */
  @Bean
  ReadinessCheck drainReadiness(GatewayDrain drain) {
    return ReadinessChecks.state("draining", () -> !drain.draining(), "this gateway is stopping: its calls move to other gateways");
  }

  /** Before the signature check: a draining gateway spends nothing on a request another gateway will serve. */
  @Bean
  FilterRegistrationBean<DrainFilter> drainFilter(GatewayDrain drain) {
    FilterRegistrationBean<DrainFilter> registration = new FilterRegistrationBean<>(new DrainFilter(drain));
    registration.setOrder(EdgeAutoConfiguration.REQUEST_ID_ORDER + 1);
    registration.setName("gatewayDrainFilter");
    return registration;
  }
}
