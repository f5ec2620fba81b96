package com.voiceagent.whatsapp.transfer;

import com.voiceagent.events.TransferNotice;
import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.stage.Delivery;
import com.voiceagent.platform.stage.Inbound;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.Topics;
import com.voiceagent.whatsapp.WhatsAppProperties;
import com.voiceagent.whatsapp.outbox.OutboxRow;
import com.voiceagent.whatsapp.outbox.OutboxSender;
import com.voiceagent.whatsapp.send.ApiProblem;
import com.voiceagent.whatsapp.send.SendService;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Summaries of calls handed to a person (voice.transfer-notices, written by dialog-service) go to that person
 * by WhatsApp through the outbox, exactly as replies do: a durable stage whose record is acknowledged only once
 * the outbox row exists (from then on the relay owns it: a failing send is retried, a crash is reconciled), and
 * one row per hand-over (idempotency key {@code transfer:<CallSid>:<transferId>}), so a redelivered record is
 * never sent twice. With TRANSFER_NOTIFY_TEMPLATE_SID the message is that template (ContentSid +
 * ContentVariables), else a plain body.
 */
@Component
class TransferNoticeStage {
  static final String STAGE = "whatsapp-transfer-notices";
  static final String GROUP = "whatsapp-service-transfers";
  private static final Logger log = LoggerFactory.getLogger(TransferNoticeStage.class);

  private final SendService sendService;
  private final OutboxSender sender;
  private final WhatsAppProperties.TransferNotify settings;

  TransferNoticeStage(SendService sendService, OutboxSender sender, WhatsAppProperties properties, Stages stages) {
    this.sendService = sendService;
    this.sender = sender;
    this.settings = properties.transferNotify();
    stages.stage(STAGE).group(GROUP).delivery(Delivery.DURABLE)
        .retryWhile(failure -> failure instanceof DataAccessException || failure instanceof TransactionException)
        .on(Topics.TRANSFER_NOTICES, this::queueAndSend)
        .start();
  }

  private void queueAndSend(Inbound<TransferNotice> inbound) {
    TransferNotice notice = inbound.value();
    try (var ctx = CallContext.open(notice.getCallSid(), notice.getTurn())) {
      Optional<OutboxRow> row;
      try {
        row = settings.usesTemplate()
            ? sendService.queueNotice(TransferMessage.idempotencyKey(notice), notice.getNotifyTo(), null, settings.templateSid(),
                TransferMessage.contentVariables(notice))
            : sendService.queueNotice(TransferMessage.idempotencyKey(notice), notice.getNotifyTo(), TransferMessage.body(notice),
                null, null);
      } catch (ApiProblem e) {
        log.warn("hand-over summary {} not sent: {}", notice.getTransferId(), e.getMessage());
        return;
      }
      if (row.isEmpty()) {
        log.info("hand-over summary {} was recorded before (a redelivered notice): sent once", notice.getTransferId());
        return;
      }
      OutboxSender.Attempt attempt = sender.send(row.get());
      log.info("hand-over summary {} ({}): {}", notice.getTransferId(), settings.usesTemplate() ? "template" : "plain text",
          attempt.accepted().map(m -> "accepted as " + m.sid())
              .orElseGet(() -> "not accepted, outbox row " + attempt.row().id() + " is " + attempt.row().state()
                  + ("failed".equals(attempt.row().state()) ? "" : ": the outbox relay sends it")));
    }
  }
}
