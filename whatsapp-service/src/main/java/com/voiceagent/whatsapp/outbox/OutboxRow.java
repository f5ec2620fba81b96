package com.voiceagent.whatsapp.outbox;

import com.voiceagent.whatsapp.provider.OutboundMessage;
import java.time.Instant;

/** One outbound message in the outbox, as stored. */
public record OutboxRow(long id, String idempotencyKey, String to, String from, String body, String contentSid,
    String contentVariables, String statusCallback, String inReplyTo, String state, int attempts, Instant nextAttemptAt,
    Instant leaseUntil, String messageSid, String twilioStatus, Integer errorCode, String errorMessage, Instant createdAt) {

  public static final String PENDING = "pending";
  public static final String SENDING = "sending";
  public static final String SENT = "sent";
  public static final String FAILED = "failed";

  public OutboundMessage message() {
    return new OutboundMessage(to, from, body, contentSid, contentVariables, statusCallback);
  }
}
