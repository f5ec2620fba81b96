package com.voiceagent.platform.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The metric and trace settings every service shares, once instead of in each application.yml. They rank below
 * everything else (a service's application.yml, the environment, a test), so each stays a default:
 *
 * <ul>
 *   <li>the actuator exposes {@code health} and {@code prometheus} over HTTP, nothing else (no env, no heap dump);</li>
 *   <li>every turn is traced (a phone agent's volume is small; {@code OTEL_TRACES_SAMPLER_ARG} lowers it);</li>
 *   <li>spans are exported only where {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set: Spring Boot maps that variable to
 *       its OTLP endpoint, and without an endpoint it creates no exporter;</li>
 *   <li>meters carry the service's name as the {@code application} tag;</li>
 *   <li>no baggage: records carry the W3C trace context only (nothing here sets baggage, and propagating an empty
 *       baggage costs every span a share of the services' CPU under load, docs/benchmarks.md);</li>
 *   <li>observations record a timer each, and no long-task timer (an in-flight gauge per observed send and receive
 *       that no dashboard or alert reads).</li>
 * </ul>
 */
public final class ObservabilityDefaults implements EnvironmentPostProcessor, Ordered {
  static final String SOURCE_NAME = "voiceObservabilityDefaults";

  /** The defaults, property -> value. */
  public static final Map<String, Object> DEFAULTS = defaults();

  private static Map<String, Object> defaults() {
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("management.endpoints.web.exposure.include", "health,prometheus");
    defaults.put("management.tracing.sampling.probability", "1.0");
    defaults.put("management.metrics.tags.application", "${spring.application.name:unnamed}");
    defaults.put("management.tracing.baggage.enabled", "false");
    defaults.put("management.metrics.observations.ignored-meters", "long-task-timer");
    return Map.copyOf(defaults);
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, DEFAULTS));
  }

  /** After the configuration files are loaded, so that addLast puts the defaults below them. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
