package com.voiceagent.dialog.kafka;

import com.voiceagent.dialog.DialogProperties;
import com.voiceagent.dialog.EngineChoice;
import com.voiceagent.dialog.history.ConversationHistory;
import com.voiceagent.dialog.openai.OpenAiDialogEngine;
import com.voiceagent.dialog.text.TextChannel;
import com.voiceagent.dialog.transfer.HandOverNotice;
import com.voiceagent.dialog.transfer.ModelSummary;
import com.voiceagent.dialog.transfer.TransferNotices;
import com.voiceagent.dialog.voice.VoiceTurns;
import com.voiceagent.events.ConversationState;
import com.voiceagent.events.TransferNotice;
import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.PeriodicTask;
import com.voiceagent.platform.control.TurnCancellations;
import com.voiceagent.platform.kafka.CompactedReplica;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The dialog's Kafka side: its stages, the history replica and the cancellations every instance reads. */
@Configuration(proxyBeanMethods = false)
public class DialogKafkaConfiguration {

  /**
   * Speculative turns taken back and turns barged into, remembered by every instance: a transcript of a
   * taken-back turn may still be on its way, to any instance. Kept for twice the record age limit (a
   * transcript arriving later than that is skipped anyway).
   */
  @Bean
  TurnCancellations turnCancellations(Stages stages, Clock clock, com.voiceagent.platform.PlatformProperties platform) {
    return new TurnCancellations(clock, platform.maxRecordAge().multipliedBy(2), 100_000).listen(stages, "dialog");
  }

  @Bean
  ConversationHistory conversationHistory(DialogProperties properties, InstanceIdentity identity, Clock clock,
      EventPublisher publisher) {
    return new ConversationHistory(properties.historyMaxMessages(), identity.id(), clock,
        snapshot -> publisher.publish(Topics.HISTORY, HistoryRecords.write(snapshot)),
        // A record without a value deletes the conversation from the compacted topic.
        conversationId -> publisher.tombstone(Topics.HISTORY, conversationId),
        // WhatsApp conversations are keyed by the customer's whatsapp: address, calls by their CallSid.
        conversationId -> conversationId.startsWith("whatsapp:") ? properties.textHistoryIdleExpiry()
            : properties.callHistoryIdleExpiry());
  }

  /** Every instance holds every history, so every instance expires idle ones (a second tombstone is harmless). */
  @Bean
  PeriodicTask historyExpiry(ConversationHistory history, DialogProperties properties) {
    return new PeriodicTask("history-expiry", properties.historySweepInterval(), properties.historySweepInterval(),
        history::expireIdle);
  }

  @Bean
  /**
   * Every instance keeps every conversation: after a rebalance or a failover any instance may get any call.
   * Loaded before the stages start, so no turn is answered without its history.
   */
  CompactedReplica<ConversationState> historyReplica(KafkaProperties kafka, ConversationHistory history,
      DialogProperties properties) {
    return new CompactedReplica<>(Topics.HISTORY, kafka.buildConsumerProperties(), properties.historyLoadTimeout(),
        "voice.dialog.history-load-timeout", true,
        (id, state, loading, partition, offset) -> history.apply(id, state == null ? null : HistoryRecords.read(state), loading));
  }

  /**
   * The summary a person handed a call receives (TRANSFER_NOTIFY_WHATSAPP): written by the model when OpenAI is
   * the engine, else (and whenever the model fails) the deterministic one.
   */
  @Bean
  TransferNotices transferNotices(DialogProperties properties, ConversationHistory history, EventPublisher publisher,
      InstanceIdentity identity, Clock clock) {
    DialogProperties.TransferNotify settings = properties.transferNotify();
    Optional<ModelSummary> model = settings.enabled() && EngineChoice.of(properties).engine().equals(OpenAiDialogEngine.NAME)
        ? Optional.of(new ModelSummary(properties.openai(), settings.summaryTimeout())) : Optional.empty();
    return new TransferNotices(settings.whatsapp(), history::messages, model,
        notice -> publisher.publish(Topics.TRANSFER_NOTICES, record(notice)), identity.id(), clock);
  }

  static TransferNotice record(HandOverNotice notice) {
    return TransferNotice.newBuilder().setCallSid(notice.callSid()).setTurn(notice.turn()).setProducer(notice.producer())
        .setEventTime(notice.eventTime()).setTransferId(notice.transferId()).setNotifyTo(notice.notifyTo())
        .setCaller(notice.caller()).setSummary(notice.summary()).setSummaryEngine(notice.summaryEngine()).build();
  }

  @Bean
  CallEventsStage callEventsStage(VoiceTurns turns, TransferNotices notices, EventPublisher publisher, InstanceIdentity identity,
      Clock clock, Stages stages) {
    return new CallEventsStage(turns, notices, publisher, identity, clock, stages);
  }

  @Bean
  @ConditionalOnProperty(name = "voice.dialog.text-channel.enabled", havingValue = "true", matchIfMissing = true)
  WhatsAppStage whatsAppStage(TextChannel channel, EventPublisher publisher, InstanceIdentity identity, Clock clock,
      Stages stages) {
    return new WhatsAppStage(channel, publisher, identity, clock, stages);
  }
}
