package com.voiceagent.whatsapp.kafka;

import com.voiceagent.events.TextReply;
import com.voiceagent.platform.stage.Delivery;
import com.voiceagent.platform.stage.Inbound;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.Topics;
import com.voiceagent.whatsapp.WhatsAppProperties;
import com.voiceagent.whatsapp.outbox.OutboxSender;
import com.voiceagent.whatsapp.send.ApiProblem;
import com.voiceagent.whatsapp.send.SendService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * The dialog brain's answers (text.replies) go back to the customer through the outbox. A durable stage:
 * the record's offset is committed (acknowledged) only after this handler returns, that is once the reply's
 * outbox row exists (from then on the relay owns it, even if this process dies); an instance that stops
 * before that leaves the record uncommitted, and the next one handles it again. While the database is away
 * the conversation's lane waits for it instead of dropping the reply, and a reply to a message not yet in
 * the database (it went to Kafka while the database was down) waits for the archiver to write it, for at
 * most {@code voice.whatsapp.reply-inbound-wait}, before the window is judged. Off with WHATSAPP_AUTO_REPLY=false.
 */
@Component
@ConditionalOnProperty(name = "voice.whatsapp.auto-reply", havingValue = "true", matchIfMissing = true)
class TextReplyStage {
  static final String STAGE = "whatsapp-replies";
  static final String GROUP = "whatsapp-service";
  private static final Logger log = LoggerFactory.getLogger(TextReplyStage.class);

  private final SendService sendService;
  private final OutboxSender sender;
  private final Duration inboundWait;
  private final Clock clock;

  TextReplyStage(SendService sendService, OutboxSender sender, WhatsAppProperties properties, Clock clock, Stages stages) {
    this.sendService = sendService;
    this.sender = sender;
    this.inboundWait = properties.replyInboundWait();
    this.clock = clock;
    stages.stage(STAGE).group(GROUP).delivery(Delivery.DURABLE)
        .retryWhile(failure -> failure instanceof DataAccessException || failure instanceof TransactionException
            || failure instanceof InboundNotYetRecorded)
        .on(Topics.TEXT_REPLIES, this::queueAndSend)
        .start();
  }

  /** The message a reply answers is not in the database yet: worth waiting for (the stage retries it). */
  static final class InboundNotYetRecorded extends RuntimeException {
    InboundNotYetRecorded(String messageSid) {
      super("the message " + messageSid + " this reply answers is not recorded yet");
    }
  }

  private void queueAndSend(Inbound<TextReply> inbound) {
    TextReply reply = inbound.value();
    SendService.QueuedReply queued;
    try {
      queued = sendService.queueReply(reply.getConversationId(), reply.getText(), reply.getInReplyTo());
    } catch (ApiProblem e) {
      log.warn("reply to {} not sent: {}", reply.getInReplyTo(), e.getMessage());
      return;
    }
    switch (queued.outcome()) {
      case QUEUED -> sender.send(queued.row().orElseThrow());
      case ALREADY_QUEUED -> log.info("reply to {} was recorded before: sent once", reply.getInReplyTo());
      case WINDOW_CLOSED -> log.warn("reply to {} not sent: the customer's 24-hour window is closed (a template is needed)",
          reply.getInReplyTo());
      case INBOUND_NOT_RECORDED -> waitForInbound(reply);
    }
  }

  private void waitForInbound(TextReply reply) {
    Instant since = reply.getEventTime() == null ? clock.instant() : reply.getEventTime();
    if (Duration.between(since, clock.instant()).compareTo(inboundWait) < 0) {
      throw new InboundNotYetRecorded(reply.getInReplyTo());
    }
    // Not a transient failure any more: the record goes to text.replies.DLT, where an operator finds it.
    throw new IllegalStateException("the message " + reply.getInReplyTo() + " this reply answers was not recorded within "
        + inboundWait + " (voice.whatsapp.reply-inbound-wait): the customer's window cannot be judged, reply not sent");
  }
}
