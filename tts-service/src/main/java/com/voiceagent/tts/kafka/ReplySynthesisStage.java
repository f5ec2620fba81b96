package com.voiceagent.tts.stage;

import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.KeyedLanes;
import com.voiceagent.platform.PlatformProperties;
import com.voiceagent.platform.Timeline;
import com.voiceagent.platform.kafka.DeadLetters;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.platform.kafka.KafkaPlatformConfiguration;
import com.voiceagent.schemas.Topics;
import com.voiceagent.tts.engine.Speaker;
import com.voiceagent.tts.engine.Synthesis;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The tts stage: each reply sentence becomes mu-law audio on the reply topic of the gateway holding the
 * call. Sentences of one call are spoken in order on that call's lane; calls never wait for each other.
 */
@Component
class ReplySynthesisStage {
  static final String LISTENER_ID = "tts-replies";
  static final String STAGE = "tts";
  /** Engine name in the timeline when no engine could speak a segment. */
  static final String FAILED_ENGINE = "failed";
  /** Engine name in the timeline for a segment with nothing to say. */
  static final String NO_ENGINE = "none";
  /** Phrases that repeat word for word across calls, worth synthesizing once. */
  private static final Set<ReplyKind> FIXED_PHRASES = EnumSet.of(ReplyKind.GREETING, ReplyKind.GOODBYE, ReplyKind.FALLBACK);
  private static final Logger log = LoggerFactory.getLogger(ReplySynthesisStage.class);

  private final Speaker speaker;
  private final EventPublisher publisher;
  private final DeadLetters deadLetters;
  private final KeyedLanes lanes;
  private final CancelledTurns cancelled;
  private final String instanceId;
  private final Duration maxRecordAge;
  private final Clock clock;

  ReplySynthesisStage(Speaker speaker, EventPublisher publisher, DeadLetters deadLetters, KeyedLanes lanes,
      CancelledTurns cancelled, InstanceIdentity identity, PlatformProperties platform, Clock clock) {
    this.speaker = speaker;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
    this.lanes = lanes;
    this.cancelled = cancelled;
    this.instanceId = identity.id();
    this.maxRecordAge = platform.maxRecordAge();
    this.clock = clock;
  }

  // idIsGroup = false: the id names the container; the group stays spring.kafka.consumer.group-id
  // (tts-service), shared by all instances so they split the partitions.
  @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = "voice.replies",
      containerFactory = KafkaPlatformConfiguration.VOICE_LISTENERS)
  void onSegment(ConsumerRecord<String, SpecificRecord> record) {
    Instant receivedAt = clock.instant();
    if (!(record.value() instanceof ReplySegment segment)) {
      deadLetters.send(record, new IllegalArgumentException("voice.replies carries ReplySegment, got "
          + (record.value() == null ? "null" : record.value().getSchema().getFullName())));
      return;
    }
    String lane = record.key() != null ? record.key() : segment.getCallSid();
    lanes.submit(lane, () -> {
      try {
        handle(segment, receivedAt);
      } catch (RuntimeException e) {
        // Bad input (e.g. an unusable replyTo) or a bug: keep the record for analysis, keep the lane going.
        try (var ctx = CallContext.open(segment.getCallSid(), segment.getTurn())) {
          log.error("segment {} of turn {} could not be processed: {}", segment.getSeq(), segment.getTurn(), e.toString());
        }
        deadLetters.send(record, e);
      }
    });
  }

  void handle(ReplySegment segment, Instant receivedAt) {
    try (var ctx = CallContext.open(segment.getCallSid(), segment.getTurn())) {
      // The return address must be a gateway's reply topic; anything else is bad input, not a topic to create.
      String replyTo = Topics.replyAudioTopic(segment.getReplyTo()).name();
      Duration age = Duration.between(segment.getEventTime(), receivedAt);
      if (age.compareTo(maxRecordAge) > 0) {
        log.warn("skipping segment {}: it is {} s old (max {} s), the caller has moved on", segment.getSeq(),
            age.toSeconds(), maxRecordAge.toSeconds());
        return;
      }
      if (cancelled.isCancelled(segment.getCallSid(), segment.getTurn())) {
        log.info("dropping segment {}: turn cancelled", segment.getSeq());
        return;
      }
      long start = System.nanoTime();
      Optional<Synthesis> synthesis = synthesize(segment);
      if (cancelled.isCancelled(segment.getCallSid(), segment.getTurn())) {
        log.info("dropping segment {}: turn cancelled while it was synthesized", segment.getSeq());
        return;
      }
      Synthesis speech = synthesis.orElseGet(() -> {
        // Decision: every engine failed, so send the segment with empty audio rather than nothing. The
        // gateway plays a turn's segments in seq order and holds later ones until a gap is filled, and
        // `last`/`endCall` must still arrive to close the turn or hang up. One silent sentence beats a
        // stuck turn (see docs/tts.md).
        log.error("no audio for segment {} (last={}, endCall={}): every engine failed, sending it silent",
            segment.getSeq(), segment.getLast(), segment.getEndCall());
        return new Synthesis(new byte[0], FAILED_ENGINE, (System.nanoTime() - start) / 1_000_000, true);
      });
      Instant publishedAt = clock.instant();
      ReplyAudio audio = ReplyAudio.newBuilder()
          .setCallSid(segment.getCallSid())
          .setTurn(segment.getTurn())
          .setProducer(instanceId)
          .setEventTime(publishedAt)
          .setSeq(segment.getSeq())
          .setLast(segment.getLast())
          .setText(segment.getText())
          .setKind(segment.getKind())
          .setEndCall(segment.getEndCall())
          .setAudio(ByteBuffer.wrap(speech.audio()))
          .setSpeechEndedAt(segment.getSpeechEndedAt())
          .setTimeline(Timeline.append(segment.getTimeline(), STAGE, speech.engine(), instanceId, receivedAt,
              speech.engineMs(), publishedAt))
          .build();
      publisher.publish(replyTo, segment.getCallSid(), audio);
      log.debug("segment {} spoken by {} in {} ms: {} bytes", segment.getSeq(), speech.engine(), speech.engineMs(),
          speech.audio().length);
    }
  }

  private Optional<Synthesis> synthesize(ReplySegment segment) {
    String text = segment.getText();
    if (text.isBlank()) {
      // A segment with nothing to say still carries `last`/`endCall`: pass it on with empty audio.
      return Optional.of(new Synthesis(new byte[0], NO_ENGINE, 0, false));
    }
    return FIXED_PHRASES.contains(segment.getKind()) ? speaker.speakFixedPhrase(text) : speaker.speak(text);
  }
}
