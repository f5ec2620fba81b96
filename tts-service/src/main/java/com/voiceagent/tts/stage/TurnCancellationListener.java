package com.voiceagent.tts.stage;

import com.voiceagent.events.TurnCancelled;
import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.kafka.KafkaPlatformConfiguration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads every cancellation: each tts instance has its own consumer group, because the segments of a
 * cancelled turn may sit in any instance's lanes. Starts at the latest offset: old cancellations concern
 * turns this instance never saw.
 */
@Component
class TurnCancellationListener {
  static final String LISTENER_ID = "tts-control";
  private static final Logger log = LoggerFactory.getLogger(TurnCancellationListener.class);

  private final CancelledTurns cancelled;

  TurnCancellationListener(CancelledTurns cancelled) {
    this.cancelled = cancelled;
  }

  @KafkaListener(id = LISTENER_ID, topics = "voice.control", groupId = "tts-#{@instanceIdentity.id()}",
      containerFactory = KafkaPlatformConfiguration.VOICE_LISTENERS,
      properties = "auto.offset.reset=latest")
  void onControl(ConsumerRecord<String, SpecificRecord> record) {
    if (!(record.value() instanceof TurnCancelled cancel)) {
      log.debug("ignoring {} on voice.control", record.value() == null ? "null" : record.value().getSchema().getName());
      return;
    }
    try (var ctx = CallContext.open(cancel.getCallSid(), cancel.getTurn())) {
      cancelled.cancel(cancel.getCallSid(), cancel.getTurn(), cancel.getReason());
      log.info("turn {} cancelled ({}): dropping its remaining segments", cancel.getTurn(), cancel.getReason());
    }
  }
}
