package com.voiceagent.edge;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

/**
 * Binds the edge's environment variables (the names operators' scripts use) to their properties, once
 * for every service that uses edge, instead of a copy in each service's application.yml. Only variables
 * that are set and not blank are mapped, so every default stays in {@link TwilioProperties} and
 * {@link EdgeProperties}. The mapped values rank just below the environment itself: a property given on
 * the command line or by a test still wins.
 */
public final class EdgeEnvironment implements EnvironmentPostProcessor, Ordered {
  static final String SOURCE_NAME = "voiceEdgeVariables";

  /** Environment variable -> property, exactly as the README's tables name them. */
  public static final Map<String, String> VARIABLES = variables();

  private static Map<String, String> variables() {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("TWILIO_ACCOUNT_SID", "voice.twilio.account-sid");
    variables.put("TWILIO_AUTH_TOKEN", "voice.twilio.auth-token");
    variables.put("TWILIO_API_BASE_URL", "voice.twilio.api-base-url");
    variables.put("PUBLIC_HOST", "voice.twilio.public-host");
    variables.put("PUBLIC_BASE_URL", "voice.twilio.public-base-url");
    variables.put("TWILIO_SIGNATURE_VALIDATION", "voice.edge.signature-validation");
    variables.put("VOICE_LOCAL_DEVELOPMENT", "voice.edge.local-development");
    variables.put("TRUSTED_PROXIES", "voice.edge.trusted-proxies");
    variables.put("CORS_ALLOWED_ORIGINS", "voice.edge.cors-allowed-origins");
    variables.put("RATE_LIMIT_BACKEND", "voice.edge.rate-limit-backend");
    return Map.copyOf(variables);
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> mapped = new LinkedHashMap<>();
    VARIABLES.forEach((variable, property) -> {
      String value = environment.getProperty(variable);
      if (value != null && !value.isBlank()) {
        mapped.put(property, value);
      }
    });
    if (mapped.isEmpty()) {
      return;
    }
    MutablePropertySources sources = environment.getPropertySources();
    MapPropertySource source = new MapPropertySource(SOURCE_NAME, mapped);
    if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
      sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
    } else {
      sources.addLast(source);
    }
  }

  /** After the config files are loaded, so a variable given in one of them is seen too. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
