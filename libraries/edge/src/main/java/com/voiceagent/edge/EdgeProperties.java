package com.voiceagent.edge;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Twilio-facing edge ({@code voice.edge.*}). The auth token is a secret: it is never
 * part of {@link #toString()} and never logged.
 *
 * @param authToken Twilio auth token (TWILIO_AUTH_TOKEN) that signs every webhook and the media upgrade
 * @param signatureValidation check X-Twilio-Signature (TWILIO_SIGNATURE_VALIDATION); false only for local development
 * @param publicHost host[:port] Twilio calls (PUBLIC_HOST); the public URL is https://publicHost
 * @param publicBaseUrl full public base (scheme://host[:port]), wins over publicHost; for a plain-http tunnel
 * @param signedPaths path patterns whose requests must carry a valid signature
 * @param corsAllowedOrigins exact browser origins allowed (CORS_ALLOWED_ORIGINS); never "*"
 * @param rateLimits per-path request budgets; the first matching rule applies
 * @param rateLimitBackend where buckets live: LOCAL (this instance) or POSTGRESQL (shared by instances)
 * @param rateLimitTable the PostgreSQL table holding shared buckets (created when absent)
 * @param readinessTimeout how long a readiness probe waits for the broker / database
 * @param readinessCacheTtl how long a readiness answer is reused, so probes never hammer the broker
 */
@Validated
@ConfigurationProperties("voice.edge")
public record EdgeProperties(
    String authToken,
    @DefaultValue("true") boolean signatureValidation,
    String publicHost,
    String publicBaseUrl,
    @DefaultValue({"/webhook/**", "/ws/twilio-media"}) @NotNull(message = "voice.edge.signed-paths must list path patterns") List<@NotBlank String> signedPaths,
    @DefaultValue({}) List<String> corsAllowedOrigins,
    List<@Valid RateLimitRule> rateLimits,
    @DefaultValue("LOCAL") @NotNull(message = "voice.edge.rate-limit-backend must be local or postgresql") RateLimitBackend rateLimitBackend,
    @DefaultValue("edge_rate_limit_bucket") @jakarta.validation.constraints.Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]{0,62}",
        message = "voice.edge.rate-limit-table must be a plain SQL identifier") String rateLimitTable,
    @DefaultValue("2s") @NotNull Duration readinessTimeout,
    @DefaultValue("5s") @NotNull Duration readinessCacheTtl) {

  /** The budgets of the issue: Twilio voice callbacks, WhatsApp status callbacks and the send API. */
  public static final List<RateLimitRule> DEFAULT_RATE_LIMITS = List.of(
      new RateLimitRule("/webhook/incoming_call", 30),
      new RateLimitRule("/webhook/handle_recording", 30),
      new RateLimitRule("/webhook/call_status", 60),
      new RateLimitRule("/webhook/whatsapp/status", 60),
      new RateLimitRule("/api/whatsapp/send*", 30),
      new RateLimitRule("/api/whatsapp/send*/**", 30));

  private static final Pattern SCHEME_AND_HOST = Pattern.compile("(?i)(https?)://[^/?#\\s]+");

  public EdgeProperties {
    authToken = blankToNull(authToken);
    publicHost = blankToNull(publicHost);
    publicBaseUrl = blankToNull(publicBaseUrl);
    corsAllowedOrigins = corsAllowedOrigins == null ? List.of()
        : corsAllowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    rateLimits = rateLimits == null ? DEFAULT_RATE_LIMITS : List.copyOf(rateLimits);
    signedPaths = signedPaths == null ? null : List.copyOf(signedPaths);
    for (String origin : corsAllowedOrigins) {
      if (origin.contains("*")) {
        throw new IllegalArgumentException("voice.edge.cors-allowed-origins (CORS_ALLOWED_ORIGINS) must list exact origins, not '" + origin + "'");
      }
    }
    if (publicHost != null && publicHost.contains("/")) {
      throw new IllegalArgumentException("voice.edge.public-host (PUBLIC_HOST) must be host[:port] without scheme or path, was '" + publicHost + "'");
    }
    if (publicBaseUrl != null) {
      publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
      if (!SCHEME_AND_HOST.matcher(publicBaseUrl).matches()) {
        throw new IllegalArgumentException("voice.edge.public-base-url must be scheme://host[:port] (http or https, no path), was '" + publicBaseUrl + "'");
      }
    }
  }

  public boolean hasAuthToken() {
    return authToken != null;
  }

  /** Never prints the token; says only whether one is set. */
  @Override
  public String toString() {
    return "EdgeProperties[authToken=" + (authToken == null ? "<unset>" : "<set>")
        + ", signatureValidation=" + signatureValidation + ", publicHost=" + publicHost
        + ", publicBaseUrl=" + publicBaseUrl + ", signedPaths=" + signedPaths
        + ", corsAllowedOrigins=" + corsAllowedOrigins + ", rateLimits=" + rateLimits
        + ", rateLimitBackend=" + rateLimitBackend + ", rateLimitTable=" + rateLimitTable
        + ", readinessTimeout=" + readinessTimeout + ", readinessCacheTtl=" + readinessCacheTtl + "]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** A request budget: {@code perMinute} requests per minute for paths matching {@code path}. */
  public record RateLimitRule(
      @NotBlank(message = "voice.edge.rate-limits[].path must be a path pattern") String path,
      @Min(value = 1, message = "voice.edge.rate-limits[].per-minute must be at least 1") int perMinute) {}

  public enum RateLimitBackend { LOCAL, POSTGRESQL }
}
