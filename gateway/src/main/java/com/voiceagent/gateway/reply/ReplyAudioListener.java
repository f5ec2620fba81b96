package com.voiceagent.gateway.reply;

import com.voiceagent.events.ReplyAudio;
import com.voiceagent.gateway.call.CallSessions;
import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.PlatformProperties;
import com.voiceagent.platform.kafka.KafkaPlatformConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads this instance's own reply-audio topic and hands each segment to the call that holds the socket.
 * The handoff only queues: sending happens on the call's outbound lane, so this consumer thread is never
 * held by a slow caller.
 */
@Component
class ReplyAudioListener {
  private static final Logger log = LoggerFactory.getLogger(ReplyAudioListener.class);

  private final CallSessions calls;
  private final Duration maxRecordAge;
  private final Clock clock;

  ReplyAudioListener(CallSessions calls, PlatformProperties platform, Clock clock) {
    this.calls = calls;
    this.maxRecordAge = platform.maxRecordAge();
    this.clock = clock;
  }

  @KafkaListener(topics = "#{@replyAudioTopic.name()}", groupId = "gateway-#{@instanceIdentity.id()}",
      containerFactory = KafkaPlatformConfiguration.VOICE_LISTENERS)
  void onReplyAudio(ConsumerRecord<String, SpecificRecord> record) {
    Instant receivedAt = clock.instant();
    if (!(record.value() instanceof ReplyAudio audio)) {
      log.warn("{} on the reply-audio topic is not ReplyAudio: ignored", record.value() == null ? "null" : record.value().getSchema().getName());
      return;
    }
    try (var ctx = CallContext.open(audio.getCallSid(), audio.getTurn())) {
      Duration age = Duration.between(audio.getEventTime(), receivedAt);
      if (age.compareTo(maxRecordAge) > 0) {
        log.info("reply audio t{}-s{} is {} s old (limit {}): skipped", audio.getTurn(), audio.getSeq(), age.toSeconds(), maxRecordAge);
        return;
      }
      calls.find(audio.getCallSid()).ifPresentOrElse(
          call -> call.onReplyAudio(audio, receivedAt),
          () -> log.info("reply audio t{}-s{} for a call this instance does not hold (ended?): dropped", audio.getTurn(), audio.getSeq()));
    }
  }
}
