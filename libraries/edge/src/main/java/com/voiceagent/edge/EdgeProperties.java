package com.voiceagent.edge;

import com.voiceagent.edge.signature.TrustedProxies;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Twilio-facing edge ({@code voice.edge.*}). The Twilio account and public address are
 * {@link TwilioProperties}. API tokens are secrets: {@link #toString()} gives only their count.
 *
 * @param signatureValidation check X-Twilio-Signature (TWILIO_SIGNATURE_VALIDATION); false is accepted only in
 *     local development mode
 * @param localDevelopment the local development mode (VOICE_LOCAL_DEVELOPMENT) that ./voice up sets; the only
 *     mode in which signature validation may be switched off; refused in the prod profile
 * @param signedPaths path patterns whose requests must carry a valid signature
 * @param trustedProxies addresses or CIDR blocks (TRUSTED_PROXIES) whose X-Forwarded-* headers are believed;
 *     from anyone else those headers are ignored
 * @param corsAllowedOrigins exact browser origins allowed (CORS_ALLOWED_ORIGINS); never "*"
 * @param apiPaths path patterns that need an API bearer token
 * @param apiTokens the bearer tokens of the API's clients, one per client (each service binds its own variable)
 * @param rateLimits per-path request budgets; the first matching rule applies; an API client has its own budget
 * @param rateLimitBackend where buckets live: LOCAL (this instance) or POSTGRESQL (shared by instances)
 * @param rateLimitTable the PostgreSQL table holding shared buckets (created when absent)
 * @param repeatedWebhookWindow how long the answer to a signed webhook is kept, to answer a repeat of it again
 * @param repeatedWebhookCapacity how many such answers are kept at most (least recently used dropped first)
 * @param readinessTimeout how long a readiness probe waits for the broker / database
 * @param readinessCacheTtl how long a readiness answer is reused, so probes never hammer the broker
 */
@Validated
@ConfigurationProperties("voice.edge")
public record EdgeProperties(
    @DefaultValue("true") boolean signatureValidation,
    @DefaultValue("false") boolean localDevelopment,
    @DefaultValue({"/webhook/**", "/ws/twilio-media"}) @NotNull(message = "voice.edge.signed-paths must list path patterns")
    List<@NotBlank String> signedPaths,
    @DefaultValue({}) List<String> trustedProxies,
    @DefaultValue({}) List<String> corsAllowedOrigins,
    @DefaultValue("/api/**") @NotNull(message = "voice.edge.api-paths must list path patterns") List<@NotBlank String> apiPaths,
    @DefaultValue({}) List<String> apiTokens,
    List<@Valid RateLimitRule> rateLimits,
    @DefaultValue("LOCAL") @NotNull(message = "voice.edge.rate-limit-backend must be local or postgresql")
    RateLimitBackend rateLimitBackend,
    @DefaultValue("edge_rate_limit_bucket") @jakarta.validation.constraints.Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]{0,62}",
        message = "voice.edge.rate-limit-table must be a plain SQL identifier") String rateLimitTable,
    @DefaultValue("10m") @NotNull Duration repeatedWebhookWindow,
    @DefaultValue("10000") @Min(value = 1, message = "voice.edge.repeated-webhook-capacity must be at least 1")
    int repeatedWebhookCapacity,
    @DefaultValue("2s") @NotNull Duration readinessTimeout,
    @DefaultValue("5s") @NotNull Duration readinessCacheTtl) {

  /**
   * Per-endpoint budgets per instance, sized from the measured capacity of one instance (docs/benchmarks.md):
   * each webhook endpoint may take about a tenth of it, so a flood on one endpoint cannot starve the calls
   * in progress, while real traffic (far fewer new calls than an instance can stream) never reaches it.
   * A status callback comes several times per call or message, hence twice the budget. The send API's
   * and outbound-call (POST /api/calls) budgets are per client.
   */
  public static final List<RateLimitRule> DEFAULT_RATE_LIMITS = List.of(
      new RateLimitRule("/webhook/incoming_call", 6000),
      new RateLimitRule("/webhook/handle_recording", 6000),
      new RateLimitRule("/webhook/call_status", 12000),
      new RateLimitRule("/webhook/stream_status", 12000),
      new RateLimitRule("/webhook/whatsapp/incoming", 6000),
      new RateLimitRule("/webhook/whatsapp/status", 12000),
      new RateLimitRule("/api/whatsapp/send*", 30),
      new RateLimitRule("/api/whatsapp/send*/**", 30),
      new RateLimitRule("/api/calls", 10));

  /** A token shorter than this is guessable; the API refuses to start with it. */
  public static final int MIN_API_TOKEN_LENGTH = 16;

  public EdgeProperties {
    trustedProxies = trimmed(trustedProxies);
    corsAllowedOrigins = trimmed(corsAllowedOrigins);
    apiTokens = trimmed(apiTokens);
    rateLimits = rateLimits == null ? DEFAULT_RATE_LIMITS : List.copyOf(rateLimits);
    signedPaths = signedPaths == null ? null : List.copyOf(signedPaths);
    apiPaths = apiPaths == null ? null : List.copyOf(apiPaths);
    for (String origin : corsAllowedOrigins) {
      if (origin.contains("*")) {
        throw new IllegalArgumentException("voice.edge.cors-allowed-origins (CORS_ALLOWED_ORIGINS) must list exact origins, not '"
            + origin + "'");
      }
    }
    TrustedProxies.parse(trustedProxies);
    for (String token : apiTokens) {
      if (token.length() < MIN_API_TOKEN_LENGTH) {
        throw new IllegalArgumentException("voice.edge.api-tokens: an API token (WHATSAPP_API_TOKEN, GATEWAY_API_TOKEN, CALLS_API_TOKEN) must be"
            + " at least " + MIN_API_TOKEN_LENGTH + " characters, one was " + token.length()
            + "; generate one with: openssl rand -base64 32");
      }
    }
  }

  /** Never prints an API token; says only how many are configured. */
  @Override
  public String toString() {
    return "EdgeProperties[signatureValidation=" + signatureValidation + ", localDevelopment=" + localDevelopment
        + ", signedPaths=" + signedPaths + ", trustedProxies=" + trustedProxies
        + ", corsAllowedOrigins=" + corsAllowedOrigins + ", apiPaths=" + apiPaths + ", apiTokens=<" + apiTokens.size() + " set>"
        + ", rateLimits=" + rateLimits + ", rateLimitBackend=" + rateLimitBackend + ", rateLimitTable=" + rateLimitTable
        + ", repeatedWebhookWindow=" + repeatedWebhookWindow + ", repeatedWebhookCapacity=" + repeatedWebhookCapacity
        + ", readinessTimeout=" + readinessTimeout + ", readinessCacheTtl=" + readinessCacheTtl + "]";
  }

  private static List<String> trimmed(List<String> values) {
    return values == null ? List.of() : values.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** A request budget: {@code perMinute} requests per minute for paths matching {@code path}. */
  public record RateLimitRule(
      @NotBlank(message = "voice.edge.rate-limits[].path must be a path pattern") String path,
      @Min(value = 1, message = "voice.edge.rate-limits[].per-minute must be at least 1") int perMinute) {}

  public enum RateLimitBackend { LOCAL, POSTGRESQL }
}
