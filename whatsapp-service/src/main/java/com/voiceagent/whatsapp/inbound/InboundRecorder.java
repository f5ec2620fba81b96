package com.voiceagent.whatsapp.inbound;

import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Makes an inbound message durable before Twilio gets its answer: Kafka first (must succeed), then the
 * database (best effort; if it is down, this service's archiver writes the record from Kafka later).
 */
@Component
class InboundRecorder {
  private static final Logger log = LoggerFactory.getLogger(InboundRecorder.class);

  enum Outcome { RECORDED, DUPLICATE, RECORDED_IN_KAFKA_ONLY }

  private final InboundMessages messages;
  private final DurablePublisher publisher;

  InboundRecorder(InboundMessages messages, DurablePublisher publisher) {
    this.messages = messages;
    this.publisher = publisher;
  }

  /** @throws DurablePublisher.NotRecordedException when Kafka is unreachable (the webhook answers 503) */
  Outcome record(WhatsAppInbound message) {
    if (alreadyRecorded(message.getMessageSid())) {
      // A Twilio retry of a message we have: nothing new to publish, so dialog-service answers once.
      log.info("duplicate delivery of {}, already recorded", message.getMessageSid());
      return Outcome.DUPLICATE;
    }
    publisher.publish(Topics.WHATSAPP_INBOUND, message);
    try {
      messages.insert(message);
      log.info("inbound {} recorded ({} chars, {} media)", message.getMessageSid(), message.getBody().length(), message.getMedia().size());
      return Outcome.RECORDED;
    } catch (DataAccessException e) {
      log.warn("database unavailable, inbound {} is safe in Kafka and will be archived later: {}", message.getMessageSid(), e.getMostSpecificCause().toString());
      return Outcome.RECORDED_IN_KAFKA_ONLY;
    }
  }

  private boolean alreadyRecorded(String messageSid) {
    try {
      return messages.exists(messageSid);
    } catch (DataAccessException e) {
      // Database down: we cannot tell, so publish; consumers dedupe by MessageSid.
      return false;
    }
  }
}
