package com.voiceagent.whatsapp.outbox;

import com.voiceagent.whatsapp.provider.OutboundMessage;
import java.time.Instant;

/**
 * One outbound message in the outbox, as stored. {@code inDoubtSince} is set when an earlier attempt may
 * have reached the provider without being recorded (its sender died): the row must be reconciled (looked
 * up at the provider) before it may be sent again.
 */
public record OutboxRow(long id, String idempotencyKey, String to, String from, String body, String contentSid,
    String contentVariables, String statusCallback, String inReplyTo, String state, int attempts, Instant nextAttemptAt,
    Instant leaseUntil, String messageSid, String twilioStatus, Integer errorCode, String errorMessage, Instant createdAt,
    Instant attemptStartedAt, Instant inDoubtSince) {

  public static final String PENDING = "pending";
  public static final String SENDING = "sending";
  public static final String SENT = "sent";
  public static final String FAILED = "failed";

  /** An earlier attempt may have reached the provider: look it up before sending. */
  public boolean inDoubt() {
    return inDoubtSince != null;
  }

  public OutboundMessage message() {
    return new OutboundMessage(to, from, body, contentSid, contentVariables, statusCallback);
  }
}
