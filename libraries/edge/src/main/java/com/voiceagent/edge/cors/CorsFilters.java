package com.voiceagent.edge.cors;

import java.util.List;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Browser access only from the listed origins (production and preview domains). Never "*": a wildcard
 * would let any page that holds a token drive the API. The APIs authenticate with a bearer token, not a
 * cookie, so browsers are not asked to send credentials, and only the methods the APIs have are allowed.
 */
public final class CorsFilters {
  private CorsFilters() {}

  /** @throws IllegalArgumentException when an origin contains "*" */
  public static CorsFilter filter(List<String> allowedOrigins) {
    for (String origin : allowedOrigins) {
      if (origin.contains("*")) {
        throw new IllegalArgumentException("CORS_ALLOWED_ORIGINS must list exact origins, not '" + origin + "'");
      }
    }
    CorsConfiguration configuration = new CorsConfiguration();
    configuration.setAllowedOrigins(List.copyOf(allowedOrigins));
    configuration.setAllowedMethods(List.of("GET", "POST"));
    configuration.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID"));
    configuration.setExposedHeaders(List.of("X-Request-ID", "Retry-After"));
    configuration.setAllowCredentials(false);
    configuration.setMaxAge(600L);
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/**", configuration);
    return new CorsFilter(source);
  }
}
