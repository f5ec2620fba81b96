package com.voiceagent.stt.transcribe;

import com.voiceagent.audio.Pcm16;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.Utterance;
import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.KeyedLanes;
import com.voiceagent.platform.PlatformProperties;
import com.voiceagent.platform.Timeline;
import com.voiceagent.platform.kafka.DeadLetters;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.platform.kafka.KafkaPlatformConfiguration;
import com.voiceagent.schemas.Topics;
import com.voiceagent.stt.engine.Audio;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * The stage: each utterance on voice.utterances becomes one transcript on voice.transcripts. Work runs
 * on per-call lanes, so one call's turns stay in order while a slow transcription never delays another
 * call. A record that cannot be handled goes to voice.utterances.DLT and never blocks the next one.
 */
final class UtteranceStage implements AutoCloseable {
  static final String STAGE = "stt";
  static final String LANGUAGE = "he";
  private static final Logger log = LoggerFactory.getLogger(UtteranceStage.class);

  private final Transcriber transcriber;
  private final EventPublisher publisher;
  private final DeadLetters deadLetters;
  private final String instance;
  private final Duration maxRecordAge;
  private final Clock clock;
  private final KeyedLanes lanes;

  UtteranceStage(Transcriber transcriber, EventPublisher publisher, DeadLetters deadLetters, InstanceIdentity identity,
      PlatformProperties platform, Clock clock) {
    this.transcriber = transcriber;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
    this.instance = identity.id();
    this.maxRecordAge = platform.maxRecordAge();
    this.clock = clock;
    this.lanes = new KeyedLanes("stt-lane", (key, failure) -> log.error("lane {} failed", key, failure));
  }

  @KafkaListener(topics = "#{T(com.voiceagent.schemas.Topics).UTTERANCES.name()}", groupId = "stt-service",
      containerFactory = KafkaPlatformConfiguration.VOICE_LISTENERS)
  void onUtterance(ConsumerRecord<String, SpecificRecord> record) {
    if (record.key() == null) {
      deadLetters.send(record, new IllegalArgumentException("utterance record has no key; it must be keyed by callSid"));
      return;
    }
    lanes.submit(record.key(), () -> {
      try {
        handle(record);
      } catch (RuntimeException e) {
        deadLetters.send(record, e);
      }
    });
  }

  void handle(ConsumerRecord<String, SpecificRecord> record) {
    Instant receivedAt = clock.instant();
    if (!(record.value() instanceof Utterance utterance)) {
      throw new IllegalArgumentException("expected an Utterance on " + record.topic() + " but got "
          + (record.value() == null ? "null" : record.value().getSchema().getFullName()));
    }
    try (var ignored = CallContext.open(utterance.getCallSid(), utterance.getTurn())) {
      Duration age = Duration.between(utterance.getEventTime(), receivedAt);
      if (age.compareTo(maxRecordAge) > 0) {
        log.warn("skipping turn {}: the utterance is {} ms old, older than voice.platform.max-record-age ({} ms); "
            + "nobody is waiting for its answer any more", utterance.getTurn(), age.toMillis(), maxRecordAge.toMillis());
        return;
      }
      Outcome outcome = transcribe(utterance);
      Instant publishedAt = clock.instant();
      Transcript transcript = Transcript.newBuilder()
          .setCallSid(utterance.getCallSid())
          .setTurn(utterance.getTurn())
          .setProducer(instance)
          .setEventTime(publishedAt)
          .setReplyTo(utterance.getReplyTo())
          .setText(outcome.text())
          .setLanguage(LANGUAGE)
          .setStatus(outcome.status())
          .setReason(outcome.reason())
          .setSpeechEndedAt(utterance.getSpeechEndedAt())
          .setTimeline(Timeline.append(utterance.getTimeline(), STAGE, transcriber.engineName(), instance, receivedAt,
              outcome.engineMs(), publishedAt))
          .build();
      publisher.publish(Topics.TRANSCRIPTS, transcript);
      log.info("turn {}: {}{} ({} ms in {}, {} ms in stage)", utterance.getTurn(), outcome.status(),
          outcome.reason() == null ? "" : " - " + outcome.reason(), outcome.engineMs(), transcriber.engineName(),
          Duration.between(receivedAt, publishedAt).toMillis());
    }
  }

  /** Bad audio is this turn's problem only: the call goes on with a FAILED transcript and its reason. */
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

  @Override
  public void close() {
    lanes.close();
  }
}
