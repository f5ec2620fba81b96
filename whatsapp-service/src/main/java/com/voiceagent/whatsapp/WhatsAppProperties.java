package com.voiceagent.whatsapp;

import com.voiceagent.edge.TwilioProperties;
import com.voiceagent.edge.twilio.HttpTimeouts;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the WhatsApp service ({@code voice.whatsapp.*}).
 *
 * <p>The Twilio account and the public address are edge's {@link TwilioProperties}; the send API's bearer
 * token is edge's {@code voice.edge.api-tokens}, bound here to WHATSAPP_API_TOKEN.
 *
 * @param whatsappNumber our sender, +E164 with or without "whatsapp:" (env TWILIO_WHATSAPP_NUMBER)
 * @param autoReply send the dialog brain's text.replies to customers (env WHATSAPP_AUTO_REPLY)
 * @param databaseUrl DATABASE_URL (jdbc:postgresql://... or postgres://user:pass@host:port/db); used when
 *     spring.datasource.url is unset; both unset = embedded PostgreSQL. May hold a password: never printed
 * @param customerWindow how long after a customer's last message free-form text is allowed
 * @param kafkaAckTimeout how long the inbound outbox relay waits for Kafka to acknowledge what it published, and a
 *     webhook that could not use the database (it then publishes itself; Twilio waits 15 s)
 * @param replyInboundWait how long a reply of the dialog brain waits for the message it answers to be in the
 *     database (it reached Kafka while the database was down) before it is dead-lettered
 * @param transferNotify how the summary of a call handed to a person is sent
 */
@Validated
@ConfigurationProperties("voice.whatsapp")
public record WhatsAppProperties(
    @DefaultValue("") String whatsappNumber,
    @DefaultValue("true") boolean autoReply,
    @DefaultValue("") String databaseUrl,
    @DefaultValue("24h") @NotNull Duration customerWindow,
    @DefaultValue("10s") @NotNull Duration kafkaAckTimeout,
    @DefaultValue("10m") @NotNull Duration replyInboundWait,
    @DefaultValue @Valid Twilio twilio,
    @DefaultValue @Valid Outbox outbox,
    @DefaultValue @Valid Events events,
    @DefaultValue @Valid TransferNotify transferNotify) {

  /**
   * The summary a person receives when a call is handed to them (voice.transfer-notices, {@code voice.whatsapp.transfer-notify.*}).
   *
   * @param templateSid an approved WhatsApp template (Twilio Content SID, HX + 32 hex; env TRANSFER_NOTIFY_TEMPLATE_SID)
   *     with {{1}} = the caller (masked number), {{2}} = the summary, {{3}} = the CallSid; sent with ContentSid and
   *     ContentVariables, so it reaches the person at any time. Blank = a plain-text body, which WhatsApp delivers only
   *     within 24 hours of the person's last message to our number (else Twilio refuses it, 63016, and the row ends failed)
   */
  public record TransferNotify(
      @DefaultValue("") @jakarta.validation.constraints.Pattern(regexp = "|HX[0-9a-fA-F]{32}",
          message = "voice.whatsapp.transfer-notify.template-sid (TRANSFER_NOTIFY_TEMPLATE_SID) must be a Twilio Content SID: HX followed by 32 hex digits")
      String templateSid) {

    public boolean usesTemplate() {
      return templateSid != null && !templateSid.isBlank();
    }
  }

  /**
   * How a send to Twilio is retried ({@code voice.whatsapp.twilio.*}).
   *
   * @param retryAttempts attempts per send for transient errors (5xx, 429, connection)
   * @param retryWait first backoff between those attempts (doubles each time)
   * @param connectTimeout twilio-java's longest wait for a pooled connection, and again for a new one
   * @param readTimeout twilio-java's longest wait for data of Twilio's answer
   */
  public record Twilio(
      @DefaultValue("3") @Min(1) int retryAttempts,
      @DefaultValue("300ms") @NotNull Duration retryWait,
      @DefaultValue("2s") @NotNull Duration connectTimeout,
      @DefaultValue("10s") @NotNull Duration readTimeout) {

    public Twilio {
      if (retryAttempts < 1 || retryAttempts > 10) {
        throw new IllegalArgumentException("voice.whatsapp.twilio.retry-attempts must be 1 to 10, was " + retryAttempts);
      }
      if (retryWait != null && retryWait.isNegative()) {
        throw new IllegalArgumentException("voice.whatsapp.twilio.retry-wait must not be negative, was " + retryWait);
      }
      if (connectTimeout != null && readTimeout != null) {
        httpTimeouts(connectTimeout, readTimeout);
      }
    }

    private static HttpTimeouts httpTimeouts(Duration connect, Duration read) {
      try {
        return new HttpTimeouts(connect, read);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("voice.whatsapp.twilio.connect-timeout and read-timeout: " + e.getMessage(), e);
      }
    }

    public HttpTimeouts httpTimeouts() {
      return httpTimeouts(connectTimeout, readTimeout);
    }

    /**
     * The longest one provider call (a send, or a lookup) can take: {@code retryAttempts} twilio-java calls,
     * each up to {@link HttpTimeouts#longestSdkCall()} (its own repeats of a 5xx included), and resilience4j's
     * waits between them (retryWait, doubling).
     */
    public Duration longestCall() {
      Duration waits = retryWait.multipliedBy((1L << (retryAttempts - 1)) - 1);
      return httpTimeouts().longestSdkCall().multipliedBy(retryAttempts).plus(waits);
    }

    /** The longest a sender holds a claimed row: a row in doubt is looked up first, then sent. */
    public Duration longestSend() {
      return longestCall().multipliedBy(2);
    }
  }

  /**
   * @param relayInterval how often the relay looks for due rows
   * @param lease how long a row may stay 'sending' before another instance (or a restart) takes it over;
   *     must be longer than the longest send ({@link Twilio#longestSend()}), or a row still being sent
   *     could be taken over and sent twice
   * @param maxAttempts claims before a row is given up as failed
   * @param backoff delay before the relay's first retry of a row; doubles per attempt up to maxBackoff
   * @param maxBackoff longest delay between relay attempts
   * @param reconcileSkew how far before an in-doubt attempt started the Twilio lookup still accepts a
   *     message as that attempt's (clock difference between us and Twilio, second-precision dates)
   */
  public record Outbox(
      @DefaultValue("2s") @NotNull Duration relayInterval,
      @DefaultValue("5m") @NotNull Duration lease,
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

  /**
   * The inbound outbox ({@code voice.whatsapp.events.*}): webhook events kept in PostgreSQL until Kafka has them.
   *
   * @param relayInterval how often the relay looks for events still to publish (a webhook also wakes it at once)
   * @param lease how long a relay owns the events it claimed; longer than kafkaAckTimeout, so a record the
   *     producer may still deliver is not published a second time by another relay
   */
  public record Events(
      @DefaultValue("1s") @NotNull Duration relayInterval,
      @DefaultValue("30s") @NotNull Duration lease) {}

  public WhatsAppProperties {
    if (events != null && events.lease() != null && kafkaAckTimeout != null && events.lease().compareTo(kafkaAckTimeout.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("voice.whatsapp.events.lease (" + events.lease() + ") must be at least twice "
          + "voice.whatsapp.kafka-ack-timeout (" + kafkaAckTimeout + "): a record the producer may still deliver must not "
          + "be claimed and published again by another relay");
    }
    if (twilio != null && outbox != null && outbox.lease() != null && outbox.lease().compareTo(twilio.longestSend()) <= 0) {
      throw new IllegalArgumentException("voice.whatsapp.outbox.lease (" + outbox.lease() + ") must be longer than the longest send, "
          + twilio.longestSend() + ": a row in doubt is looked up, then sent, each up to voice.whatsapp.twilio.retry-attempts ("
          + twilio.retryAttempts() + ") x twilio-java's " + HttpTimeouts.SDK_REQUESTS_PER_CALL
          + " requests x (2 x connect-timeout + read-timeout) plus the retry waits. A shorter lease lets another instance take "
          + "over a row that is still being sent and send it twice: raise the lease or lower voice.whatsapp.twilio.*");
    }
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

  /**
   * The status callback our messages ask Twilio for: the configured public base + /webhook/whatsapp/status,
   * or null (no callback) when no public base is configured, since a request-derived host is not known here.
   */
  public static String statusCallbackUrl(TwilioProperties twilio) {
    String base = twilio.configuredPublicBase();
    return base == null ? null : base + "/webhook/whatsapp/status";
  }

  /** DATABASE_URL may carry a password (postgres://user:pass@host/db): it is shown without it. */
  @Override
  public String toString() {
    return "WhatsAppProperties[whatsappNumber=" + whatsappNumber + ", autoReply=" + autoReply
        + ", databaseUrl=" + withoutPassword(databaseUrl) + ", customerWindow=" + customerWindow
        + ", kafkaAckTimeout=" + kafkaAckTimeout + ", replyInboundWait=" + replyInboundWait + ", twilio=" + twilio + ", outbox=" + outbox + ", events=" + events + ", transferNotify=" + transferNotify + "]";
  }

  private static String withoutPassword(String url) {
    if (url == null || url.isBlank()) {
      return "<unset>";
    }
    return url.replaceAll("(//[^/:@]*):[^@/]*@", "$1:***@").replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
