package com.voiceagent.tts.kafka;

import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.control.TurnCancellations;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.platform.kafka.TimelineRecords;
import com.voiceagent.platform.stage.Delivery;
import com.voiceagent.platform.stage.Inbound;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.TopicSpec;
import com.voiceagent.schemas.Topics;
import com.voiceagent.tts.engine.Speaker;
import com.voiceagent.tts.engine.Synthesis;
import com.voiceagent.tts.speech.SpeechNormalizer;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The tts stage's Kafka side: each reply sentence on voice.replies becomes mu-law audio on the reply topic
 * of the gateway holding the call, in the order the dialog wrote them (the call's lane), read aloud as a
 * Hebrew speaker would (numbers, times, prices in words) and dropped once its turn was cancelled.
 */
@Component
class ReplySynthesisStage {
  static final String STAGE = "tts";
  static final String GROUP = "tts-service";
  /** Engine name in the timeline when no engine could speak a segment. */
  static final String FAILED_ENGINE = "failed";
  /** Engine name in the timeline for a segment with nothing to say. */
  static final String NO_ENGINE = "none";
  /** Phrases that repeat word for word across calls, worth synthesizing once. */
  private static final Set<ReplyKind> FIXED_PHRASES = EnumSet.of(ReplyKind.GREETING, ReplyKind.GOODBYE, ReplyKind.FALLBACK);
  private static final Logger log = LoggerFactory.getLogger(ReplySynthesisStage.class);

  private final Speaker speaker;
  private final SpeechNormalizer normalizer;
  private final EventPublisher publisher;
  private final TurnCancellations cancellations;
  private final String instanceId;
  private final Clock clock;

  ReplySynthesisStage(Speaker speaker, SpeechNormalizer normalizer, EventPublisher publisher, TurnCancellations cancellations,
      InstanceIdentity identity, Clock clock, Stages stages) {
    this.speaker = speaker;
    this.normalizer = normalizer;
    this.publisher = publisher;
    this.cancellations = cancellations;
    this.instanceId = identity.id();
    this.clock = clock;
    stages.stage(STAGE).group(GROUP).delivery(Delivery.SHARED).on(Topics.REPLIES, this::speak).start();
  }

  void speak(Inbound<ReplySegment> inbound) {
    ReplySegment segment = inbound.value();
    // The return address must be a gateway's reply topic; anything else is bad input, not a topic to create.
    TopicSpec<ReplyAudio> replyTo = Topics.replyAudioTopic(segment.getReplyTo());
    if (cancellations.isCancelled(segment.getCallSid(), segment.getTurn())) {
      log.info("dropping segment {}: turn cancelled", segment.getSeq());
      return;
    }
    String spoken = normalizer.forSpeech(segment.getText());
    long start = System.nanoTime();
    Optional<Synthesis> synthesis = synthesize(spoken, segment.getKind());
    if (cancellations.isCancelled(segment.getCallSid(), segment.getTurn())) {
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
    publisher.publish(replyTo, ReplyAudio.newBuilder()
        .setCallSid(segment.getCallSid())
        .setTurn(segment.getTurn())
        .setProducer(instanceId)
        .setEventTime(publishedAt)
        .setSeq(segment.getSeq())
        .setLast(segment.getLast())
        .setText(segment.getText())
        .setSpokenText(spoken)
        .setKind(segment.getKind())
        .setEndCall(segment.getEndCall())
        .setTransfer(segment.getTransfer())
        .setAudio(ByteBuffer.wrap(speech.audio()))
        .setSpeechEndedAt(segment.getSpeechEndedAt())
        .setTimeline(TimelineRecords.append(segment.getTimeline(), STAGE, speech.engine(), instanceId, inbound.receivedAt(),
            speech.engineMs(), publishedAt))
        .build());
    log.debug("segment {} spoken by {} in {} ms: {} bytes", segment.getSeq(), speech.engine(), speech.engineMs(),
        speech.audio().length);
  }

  private Optional<Synthesis> synthesize(String text, ReplyKind kind) {
    if (text.isBlank()) {
      // A segment with nothing to say still carries `last`/`endCall`: pass it on with empty audio.
      return Optional.of(new Synthesis(new byte[0], NO_ENGINE, 0, false));
    }
    return FIXED_PHRASES.contains(kind) ? speaker.speakFixedPhrase(text) : speaker.speak(text);
  }
}
