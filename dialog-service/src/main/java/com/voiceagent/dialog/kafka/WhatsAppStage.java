package com.voiceagent.dialog.kafka;

import com.voiceagent.dialog.text.TextChannel;
import com.voiceagent.events.TextReply;
import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.platform.stage.Delivery;
import com.voiceagent.platform.stage.Inbound;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The dialog's WhatsApp channel, Kafka side: each inbound message is answered with one TextReply. A
 * durable stage: never skipped for age (a WhatsApp customer still wants the answer an hour later), and
 * the message counts as handled only once its reply is on text.replies.
 */
final class WhatsAppStage {
  static final String STAGE = "dialog-whatsapp";
  static final String GROUP = "dialog-service";
  /** The reply is handed to Kafka within this, or the message is dead-lettered with the reason. */
  static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  private final TextChannel channel;
  private final EventPublisher publisher;
  private final String instanceId;
  private final Clock clock;

  WhatsAppStage(TextChannel channel, EventPublisher publisher, InstanceIdentity identity, Clock clock, Stages stages) {
    this.channel = channel;
    this.publisher = publisher;
    this.instanceId = identity.id();
    this.clock = clock;
    stages.stage(STAGE).group(GROUP).delivery(Delivery.DURABLE).on(Topics.WHATSAPP_INBOUND, this::answer).start();
  }

  private void answer(Inbound<WhatsAppInbound> inbound) throws Exception {
    WhatsAppInbound message = inbound.value();
    String conversationId = message.getConversationId();
    if (conversationId.isBlank()) {
      throw new IllegalArgumentException("WhatsApp message " + message.getMessageSid() + " names no conversation");
    }
    TextChannel.Answer answer = channel.answer(conversationId, channel.nextTurn(conversationId, message.getTurn()),
        message.getBody());
    publisher.publish(Topics.TEXT_REPLIES, TextReply.newBuilder()
        .setConversationId(conversationId)
        .setTurn(answer.turn())
        .setProducer(instanceId)
        .setEventTime(clock.instant())
        .setInReplyTo(message.getMessageSid())
        .setText(answer.text())
        .setEngine(answer.engine())
        .build()).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
