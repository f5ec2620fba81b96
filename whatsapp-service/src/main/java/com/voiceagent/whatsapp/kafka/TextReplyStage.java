package com.voiceagent.whatsapp.reply;

import com.voiceagent.events.TextReply;
import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.KeyedLanes;
import com.voiceagent.whatsapp.outbox.OutboxSender;
import com.voiceagent.whatsapp.send.SendService;
import com.voiceagent.whatsapp.send.ApiProblem;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The dialog brain's answers (text.replies) go back to the customer through the outbox. Each conversation
 * has its own lane, so replies stay in order and one slow send never delays another customer.
 * Off with WHATSAPP_AUTO_REPLY=false.
 */
@Component
@ConditionalOnProperty(name = "voice.whatsapp.auto-reply", havingValue = "true", matchIfMissing = true)
class TextReplyListener {
  private static final Logger log = LoggerFactory.getLogger(TextReplyListener.class);

  private final SendService sendService;
  private final OutboxSender sender;
  private final KeyedLanes lanes;
  private final Retry databaseRetry;

  TextReplyListener(SendService sendService, OutboxSender sender) {
    this.sendService = sendService;
    this.sender = sender;
    this.lanes = new KeyedLanes("text-reply", (key, t) -> log.error("reply for {} failed", key, t));
    this.databaseRetry = Retry.of("reply-database", RetryConfig.custom()
        .maxAttempts(20)
        .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30)))
        .retryExceptions(DataAccessException.class, TransactionException.class)
        .build());
  }

  @KafkaListener(topics = "text.replies", groupId = "whatsapp-service")
  void onReply(ConsumerRecord<String, SpecificRecord> record) {
    if (!(record.value() instanceof TextReply reply)) {
      log.warn("unexpected {} on {}", record.value().getClass().getSimpleName(), record.topic());
      return;
    }
    lanes.submit(reply.getCallSid(), () -> handle(reply));
  }

  private void handle(TextReply reply) {
    try (var ignored = CallContext.open(reply.getCallSid(), reply.getTurn())) {
      // The record's offset is already committed: while the database is away, wait on this conversation's
      // lane (a virtual thread; other conversations are not delayed) instead of dropping the reply.
      databaseRetry.executeRunnable(() -> queueAndSend(reply));
    } catch (DataAccessException | TransactionException e) {
      log.error("reply to {} LOST: the database stayed unavailable: {}", reply.getInReplyTo(), e.toString());
    }
  }

  private void queueAndSend(TextReply reply) {
    try {
      // Once the outbox row is written the relay owns it, even if this process dies now.
      var queued = sendService.queueReply(reply.getCallSid(), reply.getText(), reply.getInReplyTo());
      if (queued.isEmpty()) {
        log.warn("reply to {} not sent: already sent, or the customer's 24-hour window is closed", reply.getInReplyTo());
        return;
      }
      sender.send(queued.get());
    } catch (ApiProblem e) {
      log.warn("reply to {} not sent: {}", reply.getInReplyTo(), e.getMessage());
    }
  }

  @PreDestroy
  void close() {
    lanes.close();
  }
}
