package com.voiceagent.whatsapp;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the WhatsApp service ({@code voice.whatsapp.*}).
 *
 * @param apiToken bearer token the send/query API requires (env WHATSAPP_API_TOKEN); blank = the API
 *     refuses every request with 503, there is no anonymous sending
 * @param publicHost host (and port) Twilio reaches us on (env PUBLIC_HOST); our status callback is
 *     https://PUBLIC_HOST/webhook/whatsapp/status
 * @param whatsappNumber our sender, +E164 with or without "whatsapp:" (env TWILIO_WHATSAPP_NUMBER)
 * @param autoReply send the dialog brain's text.replies to customers (env WHATSAPP_AUTO_REPLY)
 * @param databaseUrl DATABASE_URL (jdbc:postgresql://... or postgres://user:pass@host:port/db); used when
 *     spring.datasource.url is unset; both unset = embedded PostgreSQL
 * @param customerWindow how long after a customer's last message free-form text is allowed
 * @param kafkaAckTimeout how long a webhook waits for Kafka to acknowledge the record (Twilio waits 15 s)
 */
@Validated
@ConfigurationProperties("voice.whatsapp")
public record WhatsAppProperties(
    @DefaultValue("") String apiToken,
    @DefaultValue("localhost:8081") @NotBlank(message = "voice.whatsapp.public-host (PUBLIC_HOST) must be set") String publicHost,
    @DefaultValue("") String whatsappNumber,
    @DefaultValue("true") boolean autoReply,
    @DefaultValue("") String databaseUrl,
    @DefaultValue("24h") @NotNull Duration customerWindow,
    @DefaultValue("10s") @NotNull Duration kafkaAckTimeout,
    @DefaultValue @Valid Twilio twilio,
    @DefaultValue @Valid Outbox outbox) {

  /**
   * @param accountSid TWILIO_ACCOUNT_SID
   * @param authToken TWILIO_AUTH_TOKEN (never logged)
   * @param apiBaseUrl TWILIO_API_BASE_URL: scheme://host[:port] REST requests go to instead of
   *     https://api.twilio.com (a local fixture in tests); blank = Twilio itself
   * @param retryAttempts attempts per send for transient errors (5xx, 429, connection)
   * @param retryWait first backoff between those attempts (doubles each time)
   */
  public record Twilio(
      @DefaultValue("") String accountSid,
      @DefaultValue("") String authToken,
      @DefaultValue("") String apiBaseUrl,
      @DefaultValue("3") @Min(1) int retryAttempts,
      @DefaultValue("300ms") @NotNull Duration retryWait) {}

  /**
   * @param relayInterval how often the relay looks for due rows
   * @param lease how long a row may stay 'sending' before another instance (or a restart) takes it over
   * @param maxAttempts claims before a row is given up as failed
   * @param backoff delay before the relay's first retry of a row; doubles per attempt up to maxBackoff
   * @param maxBackoff longest delay between relay attempts
   * @param reconcileSkew how far before an in-doubt attempt started the Twilio lookup still accepts a
   *     message as that attempt's (clock difference between us and Twilio, second-precision dates)
   */
  public record Outbox(
      @DefaultValue("2s") @NotNull Duration relayInterval,
      @DefaultValue("60s") @NotNull Duration lease,
      @DefaultValue("8") @Min(1) int maxAttempts,
      @DefaultValue("2s") @NotNull Duration backoff,
      @DefaultValue("5m") @NotNull Duration maxBackoff,
      @DefaultValue("2m") @NotNull(message = "voice.whatsapp.outbox.reconcile-skew must be set") Duration reconcileSkew) {

    public Outbox {
      if (reconcileSkew != null && reconcileSkew.isNegative()) {
        throw new IllegalArgumentException("voice.whatsapp.outbox.reconcile-skew must not be negative, was " + reconcileSkew);
      }
    }
  }

  public WhatsAppProperties {
    if (whatsappNumber != null && !whatsappNumber.isBlank()) {
      try {
        com.voiceagent.whatsapp.send.WhatsAppAddress.normalise(whatsappNumber);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("voice.whatsapp.whatsapp-number (TWILIO_WHATSAPP_NUMBER): " + e.getMessage(), e);
      }
    }
  }

  /** Our sender in the whatsapp:+E164 form Twilio requires. */
  public String senderAddress() {
    return whatsappNumber.isBlank() ? "" : com.voiceagent.whatsapp.send.WhatsAppAddress.normalise(whatsappNumber);
  }

  public String statusCallbackUrl() {
    return "https://" + publicHost + "/webhook/whatsapp/status";
  }
}
