package com.voiceagent.whatsapp.status;

import com.voiceagent.events.WhatsAppStatus;
import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.schemas.Topics;
import com.voiceagent.whatsapp.inbound.DurablePublisher;
import com.voiceagent.whatsapp.inbound.TwilioParams;
import com.voiceagent.whatsapp.kafka.InboundOutbox;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Twilio's message status callback: kept as history, current status advanced, published through the inbound outbox. */
@RestController
class StatusWebhookController {
  private static final Logger log = LoggerFactory.getLogger(StatusWebhookController.class);

  private final MessageStatuses statuses;
  private final InboundOutbox outbox;
  private final TransactionTemplate transaction;
  private final DurablePublisher publisher;
  private final Clock clock;
  private final InstanceIdentity identity;

  StatusWebhookController(MessageStatuses statuses, InboundOutbox outbox, TransactionTemplate transaction,
      DurablePublisher publisher, Clock clock, InstanceIdentity identity) {
    this.statuses = statuses;
    this.outbox = outbox;
    this.transaction = transaction;
    this.publisher = publisher;
    this.clock = clock;
    this.identity = identity;
  }

  @PostMapping(path = "/webhook/whatsapp/status", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ResponseEntity<Void> status(HttpServletRequest request) {
    Map<String, String> params = TwilioParams.of(request);
    String sid = params.get("MessageSid");
    String status = params.getOrDefault("MessageStatus", params.get("SmsStatus"));
    if (sid == null || sid.isBlank() || status == null || status.isBlank()) {
      log.warn("status callback without MessageSid/MessageStatus: {}", params.keySet());
      return ResponseEntity.badRequest().build();
    }
    // For our outbound messages To is the customer: the conversation id every topic is keyed by.
    String to = params.get("To");
    String conversation = to != null && to.startsWith("whatsapp:") ? to : sid;
    String errorCode = params.get("ErrorCode");
    WhatsAppStatus event = WhatsAppStatus.newBuilder()
        .setConversationId(conversation)
        .setProducer(identity.id())
        .setEventTime(clock.instant())
        .setMessageSid(sid)
        .setStatus(status)
        .setErrorCode(errorCode == null || errorCode.isBlank() ? null : errorCode)
        .setParams(Map.copyOf(params))
        .build();
    try (var ignored = CallContext.open(conversation)) {
      try {
        // PostgreSQL first, the callback and its event for Kafka in one transaction: the broker being away loses nothing.
        transaction.executeWithoutResult(tx -> {
          if (statuses.record(event)) {
            outbox.add(event);
          }
        });
      } catch (DataAccessException | TransactionException e) {
        try {
          publisher.publish(Topics.WHATSAPP_STATUS, event);
          log.warn("database unavailable, status {} of {} published to Kafka directly and archived later", status, sid);
        } catch (DurablePublisher.NotRecordedException notRecorded) {
          log.error("status {} of {} NOT recorded (database and Kafka unavailable): {}", status, sid, notRecorded.getMessage());
          return ResponseEntity.status(503).build();
        }
      }
      log.info("status {} of {}{}", status, sid, errorCode == null ? "" : " (error " + errorCode + ")");
      return ResponseEntity.ok().build();
    }
  }
}
