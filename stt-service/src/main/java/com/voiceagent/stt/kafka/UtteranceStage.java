package com.voiceagent.stt.kafka;

import com.voiceagent.audio.Pcm16;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TranscriptStatus;
import com.voiceagent.events.Utterance;
import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.platform.kafka.TimelineRecords;
import com.voiceagent.platform.stage.Delivery;
import com.voiceagent.platform.stage.Inbound;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.Topics;
import com.voiceagent.stt.engine.Audio;
import com.voiceagent.stt.transcribe.Outcome;
import com.voiceagent.stt.transcribe.Transcriber;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The stage's Kafka side, the only place where stt reads or builds records: each utterance on
 * voice.utterances becomes one transcript on voice.transcripts, with the stage's timing appended.
 */
@Component
class UtteranceStage {
  static final String STAGE = "stt";
  static final String GROUP = "stt-service";
  static final String LANGUAGE = "he";
  /** The timeline's engine for a keypad turn: keys need no speech engine. */
  static final String KEYPAD = "keypad";
  private static final Logger log = LoggerFactory.getLogger(UtteranceStage.class);

  private final Transcriber transcriber;
  private final EventPublisher publisher;
  private final String instance;
  private final Clock clock;

  UtteranceStage(Transcriber transcriber, EventPublisher publisher, InstanceIdentity identity, Clock clock, Stages stages) {
    this.transcriber = transcriber;
    this.publisher = publisher;
    this.instance = identity.id();
    this.clock = clock;
    stages.stage(STAGE).group(GROUP).delivery(Delivery.SHARED).on(Topics.UTTERANCES, this::transcribe).start();
  }

  void transcribe(Inbound<Utterance> inbound) {
    Utterance utterance = inbound.value();
    boolean keysOnly = isKeysOnly(utterance);
    Outcome outcome = keysOnly ? Outcome.ok("", 0) : transcribe(utterance);
    String engine = keysOnly ? KEYPAD : transcriber.engineName();
    Instant publishedAt = clock.instant();
    publisher.publish(Topics.TRANSCRIPTS, Transcript.newBuilder()
        .setCallSid(utterance.getCallSid())
        .setTurn(utterance.getTurn())
        .setProducer(instance)
        .setEventTime(publishedAt)
        .setReplyTo(utterance.getReplyTo())
        .setText(outcome.text())
        .setLanguage(LANGUAGE)
        .setStatus(statusOf(outcome))
        .setReason(outcome.reason())
        .setSpeechEndedAt(utterance.getSpeechEndedAt())
        .setKeypad(utterance.getKeypad())
        .setTimeline(TimelineRecords.append(utterance.getTimeline(), STAGE, engine, instance,
            inbound.receivedAt(), outcome.engineMs(), publishedAt))
        .build());
    log.info("turn {}: {}{} ({} ms in {}, {} ms in stage)", utterance.getTurn(), outcome.status(),
        outcome.reason() == null ? "" : " - " + outcome.reason(), outcome.engineMs(), engine,
        Duration.between(inbound.receivedAt(), publishedAt).toMillis());
  }

  /** A keypad turn: keys and no audio. Passed through as they are, the engine never asked (keys are exact already). */
  static boolean isKeysOnly(Utterance utterance) {
    return !utterance.getKeypad().isEmpty() && !utterance.getAudio().hasRemaining();
  }

  /** Bad audio is this turn's problem only: the engine is never asked, and the transcript says why. */
  private Outcome transcribe(Utterance utterance) {
    ByteBuffer buffer = utterance.getAudio();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    if (utterance.getSampleRate() <= 0) {
      return Outcome.failed("invalid audio: sample rate " + utterance.getSampleRate(), 0);
    }
    if (bytes.length % 2 != 0) {
      return Outcome.failed("invalid audio: " + bytes.length + " bytes is not whole 16-bit samples", 0);
    }
    return transcriber.transcribe(new Audio(Pcm16.fromBytes(bytes), utterance.getSampleRate()));
  }

  private static TranscriptStatus statusOf(Outcome outcome) {
    return switch (outcome.status()) {
      case OK -> TranscriptStatus.OK;
      case EMPTY -> TranscriptStatus.EMPTY;
      case FAILED -> TranscriptStatus.FAILED;
    };
  }
}
