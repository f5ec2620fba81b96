package com.voiceagent.whatsapp.kafka;

import com.voiceagent.events.TextReply;
import com.voiceagent.platform.stage.Delivery;
import com.voiceagent.platform.stage.Inbound;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.Topics;
import com.voiceagent.whatsapp.outbox.OutboxSender;
import com.voiceagent.whatsapp.send.ApiProblem;
import com.voiceagent.whatsapp.send.SendService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * The dialog brain's answers (text.replies) go back to the customer through the outbox. A durable stage:
 * a reply counts as handled only once its outbox row exists (from then on the relay owns it, even if this
 * process dies), and while the database is away the conversation's lane waits for it instead of dropping
 * the reply. Off with WHATSAPP_AUTO_REPLY=false.
 */
@Component
@ConditionalOnProperty(name = "voice.whatsapp.auto-reply", havingValue = "true", matchIfMissing = true)
class TextReplyStage {
  static final String STAGE = "whatsapp-replies";
  static final String GROUP = "whatsapp-service";
  private static final Logger log = LoggerFactory.getLogger(TextReplyStage.class);

  private final SendService sendService;
  private final OutboxSender sender;

  TextReplyStage(SendService sendService, OutboxSender sender, Stages stages) {
    this.sendService = sendService;
    this.sender = sender;
    stages.stage(STAGE).group(GROUP).delivery(Delivery.DURABLE)
        .retryWhile(failure -> failure instanceof DataAccessException || failure instanceof TransactionException)
        .on(Topics.TEXT_REPLIES, this::queueAndSend)
        .start();
  }

  private void queueAndSend(Inbound<TextReply> inbound) {
    TextReply reply = inbound.value();
    try {
      var queued = sendService.queueReply(reply.getConversationId(), reply.getText(), reply.getInReplyTo());
      if (queued.isEmpty()) {
        log.warn("reply to {} not sent: already sent, or the customer's 24-hour window is closed", reply.getInReplyTo());
        return;
      }
      sender.send(queued.get());
    } catch (ApiProblem e) {
      log.warn("reply to {} not sent: {}", reply.getInReplyTo(), e.getMessage());
    }
  }
}
