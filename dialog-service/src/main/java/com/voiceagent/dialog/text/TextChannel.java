package com.voiceagent.dialog.text;

import com.voiceagent.dialog.DialogProperties;
import com.voiceagent.dialog.engine.CancellationToken;
import com.voiceagent.dialog.engine.Conversation;
import com.voiceagent.dialog.history.ConversationHistory;
import com.voiceagent.dialog.reply.Replier;
import com.voiceagent.dialog.reply.ReplyOutput;
import com.voiceagent.dialog.reply.ReplyResult;
import com.voiceagent.dialog.scripted.Business;
import com.voiceagent.dialog.scripted.ScriptedDialogEngine;
import com.voiceagent.dialog.speech.SpeechText;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.TextReply;
import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.KeyedLanes;
import com.voiceagent.platform.kafka.DeadLetters;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The same brain on WhatsApp: same engines, business facts and history store (keyed by the
 * conversation id), but one written message per inbound message instead of streamed speech, and
 * WhatsApp's 1600-character limit instead of the speech cap. Messages are never skipped for age: a
 * WhatsApp customer still wants the answer an hour later, and an accepted message must not be lost (a
 * failure goes to the dead-letter topic).
 */
@Component
@ConditionalOnProperty(name = "voice.dialog.text-channel.enabled", havingValue = "true", matchIfMissing = true)
class TextChannel {
  private static final Logger log = LoggerFactory.getLogger(TextChannel.class);

  private final Replier replier;
  private final ConversationHistory history;
  private final Business business;
  private final EventPublisher publisher;
  private final DeadLetters deadLetters;
  private final KeyedLanes lanes;
  private final String instanceId;
  private final int maxChars;
  private final Clock clock;

  TextChannel(Replier replier, ConversationHistory history, Business business, EventPublisher publisher,
      DeadLetters deadLetters, KeyedLanes lanes, InstanceIdentity identity, DialogProperties properties, Clock clock) {
    this.replier = replier;
    this.history = history;
    this.business = business;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
    this.lanes = lanes;
    this.instanceId = identity.id();
    this.maxChars = properties.textChannel().maxChars();
    this.clock = clock;
  }

  @KafkaListener(topics = "whatsapp.inbound", groupId = "dialog-service")
  void onMessage(ConsumerRecord<String, SpecificRecord> record) {
    String lane = record.key() != null ? record.key() : record.topic() + "-" + record.partition();
    lanes.submit(lane, () -> {
      try {
        answer(record);
      } catch (RuntimeException e) {
        deadLetters.send(record, e);
      }
    });
  }

  private void answer(ConsumerRecord<String, SpecificRecord> record) {
    if (!(record.value() instanceof WhatsAppInbound message)) {
      throw new IllegalArgumentException("expected a WhatsAppInbound on " + record.topic());
    }
    String conversationId = message.getCallSid().toString();
    if (conversationId.isBlank()) {
      throw new IllegalArgumentException("WhatsApp message " + message.getMessageSid() + " has no conversation id (callSid)");
    }
    int turn = Math.max(message.getTurn(), history.lastTurn(conversationId) + 1);
    try (var ctx = CallContext.open(conversationId, turn)) {
      String body = message.getBody().toString().strip();
      String replyText;
      String engine;
      if (body.isEmpty()) {
        replyText = business.repeatText(true);
        engine = ScriptedDialogEngine.NAME;
      } else {
        Collected collected = new Collected();
        Conversation conversation = new Conversation(conversationId, Conversation.Channel.TEXT, history.messages(conversationId));
        ReplyResult result = replier.reply(conversation, body, collected, new CancellationToken(), maxChars, String::strip);
        replyText = SpeechText.cap(collected.text(), maxChars);
        engine = result.engine();
      }
      publisher.publish(Topics.TEXT_REPLIES, TextReply.newBuilder()
          .setCallSid(conversationId)
          .setTurn(turn)
          .setProducer(instanceId)
          .setEventTime(clock.instant())
          .setInReplyTo(message.getMessageSid())
          .setText(replyText)
          .setEngine(engine)
          .build());
      history.recordTurn(conversationId, turn, body.isEmpty() ? null : body, replyText);
      log.info("WhatsApp message {} answered by {} ({} chars)", message.getMessageSid(), engine, replyText.length());
    }
  }

  /** Collects the sentences of a reply into one message. */
  private static final class Collected implements ReplyOutput {
    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void segment(String segment, boolean last, ReplyKind kind, boolean endCall, String engine) {
      if (segment.isBlank()) {
        return;
      }
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(segment);
    }

    synchronized String text() {
      return text.toString();
    }
  }
}
