package com.voiceagent.whatsapp.inbound;

import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.schemas.Topics;
import com.voiceagent.whatsapp.kafka.InboundOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes an inbound message durable before Twilio gets its answer: PostgreSQL first, the message and its
 * event for Kafka in one transaction (the inbound outbox's relay publishes it), so the broker being away
 * loses nothing. Only when the database itself is down does the webhook publish to Kafka directly (this
 * service's archiver writes it to the database later); with both down it answers 503.
 */
@Component
class InboundRecorder {
  private static final Logger log = LoggerFactory.getLogger(InboundRecorder.class);

  enum Outcome { RECORDED, DUPLICATE, RECORDED_IN_KAFKA_ONLY }

  private final InboundMessages messages;
  private final InboundOutbox outbox;
  private final TransactionTemplate transaction;
  private final DurablePublisher publisher;

  InboundRecorder(InboundMessages messages, InboundOutbox outbox, TransactionTemplate transaction, DurablePublisher publisher) {
    this.messages = messages;
    this.outbox = outbox;
    this.transaction = transaction;
    this.publisher = publisher;
  }

  /** @throws DurablePublisher.NotRecordedException when neither the database nor Kafka can keep it (the webhook answers 503) */
  Outcome record(WhatsAppInbound message) {
    boolean fresh;
    try {
      fresh = Boolean.TRUE.equals(transaction.execute(status -> {
        if (!messages.insert(message)) {
          return false;
        }
        outbox.add(message);
        return true;
      }));
    } catch (DataAccessException | TransactionException e) {
      log.warn("database unavailable ({}), publishing inbound {} to Kafka directly; it is archived when the database is back",
          e.getMostSpecificCause(), message.getMessageSid());
      publisher.publish(Topics.WHATSAPP_INBOUND, message);
      return Outcome.RECORDED_IN_KAFKA_ONLY;
    }
    if (!fresh) {
      // A Twilio retry of a message we have: it was kept for Kafka the first time, so dialog-service answers once.
      log.info("duplicate delivery of {}, already recorded", message.getMessageSid());
      return Outcome.DUPLICATE;
    }
    log.info("inbound {} recorded ({} chars, {} media)", message.getMessageSid(), message.getBody().length(), message.getMedia().size());
    return Outcome.RECORDED;
  }
}
