package com.voiceagent.whatsapp.kafka;

import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.events.WhatsAppStatus;
import com.voiceagent.platform.stage.Delivery;
import com.voiceagent.platform.stage.Inbound;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.Topics;
import com.voiceagent.whatsapp.inbound.InboundMessages;
import com.voiceagent.whatsapp.status.MessageStatuses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Writes every inbound message and status callback from Kafka to the database, in its own consumer group.
 * Normally the webhook already wrote them and this changes nothing (inserts are idempotent); when the
 * database was down during the webhook, this is what gets the record into it. A durable stage: while the
 * database is unreachable a record is retried, and nothing after it is committed, so nothing is skipped.
 * A record the database refuses for good (a constraint, a bug) is dead-lettered, so it blocks nothing.
 */
@Component
class ArchiveStage {
  static final String STAGE = "whatsapp-archive";
  static final String GROUP = "whatsapp-service-archive";
  private static final Logger log = LoggerFactory.getLogger(ArchiveStage.class);

  private final InboundMessages messages;
  private final MessageStatuses statuses;

  ArchiveStage(InboundMessages messages, MessageStatuses statuses, Stages stages) {
    this.messages = messages;
    this.statuses = statuses;
    stages.stage(STAGE).group(GROUP).delivery(Delivery.DURABLE)
        .retryWhile(ArchiveStage::databaseUnreachable)
        .on(Topics.WHATSAPP_INBOUND, this::archiveMessage)
        .on(Topics.WHATSAPP_STATUS, this::archiveStatus)
        .start();
  }

  /** Only an unreachable database is worth waiting for. */
  static boolean databaseUnreachable(Throwable failure) {
    return failure instanceof DataAccessResourceFailureException || failure instanceof TransientDataAccessException
        || failure instanceof RecoverableDataAccessException || failure instanceof CannotCreateTransactionException;
  }

  private void archiveMessage(Inbound<WhatsAppInbound> inbound) {
    if (messages.insert(inbound.value())) {
      log.info("archived inbound {} from Kafka (the webhook could not write it)", inbound.value().getMessageSid());
    }
  }

  private void archiveStatus(Inbound<WhatsAppStatus> inbound) {
    statuses.record(inbound.value());
  }
}
