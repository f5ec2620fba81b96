package com.voiceagent.edge;

import com.voiceagent.edge.api.ApiClients;
import com.voiceagent.edge.api.ApiTokenFilter;
import com.voiceagent.edge.cors.CorsFilters;
import com.voiceagent.edge.health.HealthController;
import com.voiceagent.edge.health.ReadinessCheck;
import com.voiceagent.edge.health.ReadinessChecks;
import com.voiceagent.edge.health.ReadinessProbe;
import com.voiceagent.edge.ratelimit.RateLimits;
import com.voiceagent.edge.requestid.RequestIdFilter;
import com.voiceagent.edge.signature.PublicUrls;
import com.voiceagent.edge.signature.TrustedProxies;
import com.voiceagent.edge.signature.TwilioSignatures;
import com.voiceagent.edge.webhook.RepeatedWebhookFilter;
import jakarta.servlet.Filter;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.web.filter.CorsFilter;

/**
 * The Twilio-facing edge of a servlet web app, one filter per concern, in this order: request id (so
 * every later log line carries it), CORS, Twilio signature, API token, repeated webhook, rate limit. All
 * run after Spring Boot's character-encoding filter, so form fields (Hebrew text) are decoded as UTF-8
 * before they are signed over.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({EdgeProperties.class, TwilioProperties.class})
public class EdgeAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(EdgeAutoConfiguration.class);
  /** Filter orders; Spring Boot's CharacterEncodingFilter runs at HIGHEST_PRECEDENCE, before all of them. */
  public static final int REQUEST_ID_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
  public static final int CORS_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;
  /**
   * The signature is checked before the rate limit: otherwise unsigned junk could spend an endpoint's
   * budget and real Twilio callbacks (Twilio does not back off on 429) would be refused.
   */
  public static final int SIGNATURE_ORDER = Ordered.HIGHEST_PRECEDENCE + 30;
  /** Before the rate limit for the same reason: a stranger must not spend an API client's budget. */
  public static final int API_TOKEN_ORDER = Ordered.HIGHEST_PRECEDENCE + 33;
  /** A repeat of an answered webhook is answered again before it can spend the endpoint's budget. */
  public static final int REPEATED_WEBHOOK_ORDER = Ordered.HIGHEST_PRECEDENCE + 36;
  public static final int RATE_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 40;
  public static final String PRODUCTION_PROFILE = "prod";

  @Bean
  PublicUrls publicUrls(EdgeProperties properties, TwilioProperties twilio) {
    return new PublicUrls(twilio, TrustedProxies.parse(properties.trustedProxies()));
  }

  @Bean
  FilterRegistrationBean<RequestIdFilter> edgeRequestIdFilter() {
    return registration(new RequestIdFilter(), REQUEST_ID_ORDER, "edgeRequestIdFilter");
  }

  @Bean
  FilterRegistrationBean<CorsFilter> edgeCorsFilter(EdgeProperties properties) {
    return registration(CorsFilters.filter(properties.corsAllowedOrigins()), CORS_ORDER, "edgeCorsFilter");
  }

  @Bean
  FilterRegistrationBean<Filter> edgeRateLimitFilter(EdgeProperties properties, ObjectProvider<DataSource> dataSource) {
    return registration(RateLimits.filter(properties, dataSource.getIfUnique()), RATE_LIMIT_ORDER, "edgeRateLimitFilter");
  }

  @Bean
  FilterRegistrationBean<Filter> edgeTwilioSignatureFilter(EdgeProperties properties, TwilioProperties twilio,
      PublicUrls publicUrls, Environment environment) {
    boolean production = environment.matchesProfiles(PRODUCTION_PROFILE);
    return registration(TwilioSignatures.filter(properties, twilio, publicUrls, production), SIGNATURE_ORDER,
        "edgeTwilioSignatureFilter");
  }

  @Bean
  FilterRegistrationBean<ApiTokenFilter> edgeApiTokenFilter(EdgeProperties properties) {
    ApiClients clients = new ApiClients(properties.apiTokens());
    if (clients.none()) {
      log.warn("no API token configured: {} answer 503", properties.apiPaths());
    } else {
      log.info("API {} open to {} client token(s)", properties.apiPaths(), clients.count());
    }
    return registration(new ApiTokenFilter(clients, new PathPatterns(properties.apiPaths())), API_TOKEN_ORDER,
        "edgeApiTokenFilter");
  }

  @Bean
  FilterRegistrationBean<RepeatedWebhookFilter> edgeRepeatedWebhookFilter(EdgeProperties properties) {
    return registration(new RepeatedWebhookFilter(new PathPatterns(properties.signedPaths()), properties.repeatedWebhookWindow(),
        properties.repeatedWebhookCapacity()), REPEATED_WEBHOOK_ORDER, "edgeRepeatedWebhookFilter");
  }

  @Bean
  ReadinessProbe edgeReadinessProbe(EdgeProperties properties, ObjectProvider<ReadinessCheck> checks, ObjectProvider<Clock> clock) {
    return new ReadinessProbe(checks.orderedStream().toList(), properties.readinessTimeout(), properties.readinessCacheTtl(),
        clock.getIfUnique(Clock::systemUTC));
  }

  @Bean
  HealthController edgeHealthController(ReadinessProbe probe) {
    return new HealthController(probe);
  }

  private static <F extends Filter> FilterRegistrationBean<F> registration(F filter, int order, String name) {
    FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
    registration.setOrder(order);
    registration.setName(name);
    registration.addUrlPatterns("/*");
    registration.setAsyncSupported(true);
    return registration;
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(KafkaAdmin.class)
  @ConditionalOnBean(KafkaAdmin.class)
  static class KafkaReadiness {
    @Bean
    ReadinessCheck edgeKafkaReadinessCheck(KafkaAdmin admin, EdgeProperties properties) {
      return ReadinessChecks.kafka(admin.getConfigurationProperties(), properties.readinessTimeout());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBean(DataSource.class)
  static class DatabaseReadiness {
    @Bean
    ReadinessCheck edgeDatabaseReadinessCheck(ObjectProvider<DataSource> dataSource) {
      return ReadinessChecks.dataSource(dataSource.getObject());
    }
  }
}
