package com.voiceagent.whatsapp.inbound;

import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.events.WhatsAppStatus;
import com.voiceagent.platform.CallContext;
import com.voiceagent.whatsapp.status.MessageStatuses;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Writes every inbound message and status callback from Kafka to the database, in its own consumer
 * group. Normally the webhook already wrote them and this changes nothing (inserts are idempotent);
 * when the database was down during the webhook, this is what gets the record into it. A failed write
 * is retried with backoff, forever, by {@link ArchiveConsumerConfiguration}: the offset is not committed,
 * so nothing is skipped while the database is away.
 */
@Component
class KafkaArchiver {
  private static final Logger log = LoggerFactory.getLogger(KafkaArchiver.class);
  static final String GROUP = "whatsapp-service-archive";

  private final InboundMessages messages;
  private final MessageStatuses statuses;

  KafkaArchiver(InboundMessages messages, MessageStatuses statuses) {
    this.messages = messages;
    this.statuses = statuses;
  }

  @KafkaListener(topics = {"whatsapp.inbound", "whatsapp.status"}, groupId = GROUP,
      containerFactory = ArchiveConsumerConfiguration.FACTORY)
  void archive(ConsumerRecord<String, SpecificRecord> record) {
    try (var ignored = CallContext.open(record.key())) {
      switch (record.value()) {
        case WhatsAppInbound inbound -> {
          if (messages.insert(inbound)) {
            log.info("archived inbound {} from Kafka (the webhook could not write it)", inbound.getMessageSid());
          }
        }
        case WhatsAppStatus status -> statuses.record(status);
        default -> log.warn("unexpected {} on {}", record.value().getClass().getSimpleName(), record.topic());
      }
    }
  }
}
