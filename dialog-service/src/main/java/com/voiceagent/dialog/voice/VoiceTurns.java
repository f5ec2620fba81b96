package com.voiceagent.dialog.voice;

import com.voiceagent.dialog.DialogProperties;
import com.voiceagent.dialog.engine.CancellationToken;
import com.voiceagent.dialog.engine.Conversation;
import com.voiceagent.dialog.history.ConversationHistory;
import com.voiceagent.dialog.reply.Replier;
import com.voiceagent.dialog.reply.ReplyResult;
import com.voiceagent.dialog.scripted.Business;
import com.voiceagent.dialog.scripted.ScriptedDialogEngine;
import com.voiceagent.dialog.speech.SentenceSplitter;
import com.voiceagent.dialog.speech.SpeechText;
import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.CancelReason;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TranscriptStatus;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.KeyedLanes;
import com.voiceagent.platform.PlatformProperties;
import com.voiceagent.platform.kafka.DeadLetters;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.platform.kafka.KafkaPlatformConfiguration;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The dialog stage of a phone call: greets on stream start, answers each transcript with streamed reply
 * segments, stops a turn the caller barged into, and forgets the call when its stream stops.
 *
 * <p>Transcripts and lifecycle events go through the call's lane (in order per call, concurrent across
 * calls), so a slow LLM on one call never holds up another. Cancels bypass the lanes: they must reach a
 * turn while it is still running.
 */
@Component
class VoiceTurns {
  private static final Logger log = LoggerFactory.getLogger(VoiceTurns.class);
  static final String GREETING_ENGINE = ScriptedDialogEngine.NAME;

  private final Replier replier;
  private final ConversationHistory history;
  private final Business business;
  private final EventPublisher publisher;
  private final DeadLetters deadLetters;
  private final KeyedLanes lanes;
  private final String instanceId;
  private final Duration maxRecordAge;
  private final DialogProperties properties;
  private final Clock clock;
  private final ActiveTurns activeTurns = new ActiveTurns();
  /** Speculative turns taken back (CALLER_CONTINUED), remembered by every instance: see AbandonedTurns. */
  private final AbandonedTurns abandonedTurns;

  VoiceTurns(Replier replier, ConversationHistory history, Business business, EventPublisher publisher,
      DeadLetters deadLetters, KeyedLanes lanes, InstanceIdentity identity, PlatformProperties platform,
      DialogProperties properties, Clock clock) {
    this.replier = replier;
    this.history = history;
    this.business = business;
    this.publisher = publisher;
    this.deadLetters = deadLetters;
    this.lanes = lanes;
    this.instanceId = identity.id();
    this.maxRecordAge = platform.maxRecordAge();
    this.properties = properties;
    this.clock = clock;
    // Twice the record age limit: a transcript of the turn arriving later than that is skipped as too old anyway.
    this.abandonedTurns = new AbandonedTurns(clock, platform.maxRecordAge().multipliedBy(2), 100_000);
  }

  /**
   * Transcripts and lifecycle events in one consumer: with the range assignor, partition N of both topics
   * goes to the same instance, so a call's greeting, turns and end are handled by one instance, in order.
   */
  @KafkaListener(topics = {"voice.transcripts", "call.lifecycle"}, groupId = "dialog-service",
      containerFactory = KafkaPlatformConfiguration.VOICE_LISTENERS)
  void onCallEvent(ConsumerRecord<String, SpecificRecord> record) {
    Instant receivedAt = clock.instant();
    if (record.topic().equals(Topics.CALL_LIFECYCLE.name())) {
      if (record.value() instanceof CallLifecycle event && event.getKind() == CallLifecycleKind.STREAM_STOPPED) {
        activeTurns.forget(event.getCallSid().toString(), "call ended"); // at once, not behind the running turn
      }
      submit(record, r -> lifecycle(r, receivedAt));
    } else {
      submit(record, r -> answer(r, receivedAt));
    }
  }

  /** Every instance reads every cancel (its own consumer group, from the latest offset). */
  @KafkaListener(topics = "voice.control", groupId = "#{'dialog-' + @instanceIdentity.id()}",
      containerFactory = KafkaPlatformConfiguration.VOICE_LISTENERS,
      properties = "auto.offset.reset=latest")
  void onControl(ConsumerRecord<String, SpecificRecord> record) {
    if (!(record.value() instanceof TurnCancelled cancel)) {
      log.warn("ignoring a {} on {}", record.value() == null ? "null" : record.value().getSchema().getName(), record.topic());
      return;
    }
    String callSid = cancel.getCallSid().toString();
    if (cancel.getReason() == CancelReason.CALLER_CONTINUED) {
      callerContinued(callSid, cancel.getTurn());
      return;
    }
    if (!activeTurns.answered(callSid, cancel.getTurn())) {
      return; // another instance answered that turn
    }
    try (var ctx = CallContext.open(callSid, cancel.getTurn())) {
      log.info("turn cancelled ({}); the caller heard {} segment(s)", cancel.getReason(), cancel.getHeardSegments());
      // History first: when the turn notices the cancel, what was heard is already known.
      history.recordCancel(callSid, cancel.getTurn(), cancel.getHeardText().toString());
      activeTurns.cancel(callSid, cancel.getTurn(), "cancelled: " + cancel.getReason());
    }
  }

  /**
   * The gateway took back a speculative turn: the caller paused, then went on speaking. The turn never
   * happened. Every instance remembers it first (the transcript may still be on its way, to any instance);
   * the instance answering it stops the reply (closing the LLM stream) and removes the turn from the history.
   * Remember-then-check here and begin-then-check in {@link #answer} leave no gap for a cancel to slip through.
   */
  private void callerContinued(String callSid, int turn) {
    abandonedTurns.remember(callSid, turn);
    if (!activeTurns.answered(callSid, turn)) {
      return; // not begun here: if its transcript comes here, it is skipped
    }
    try (var ctx = CallContext.open(callSid, turn)) {
      log.info("speculative turn taken back: the caller went on speaking; stopping it and forgetting it");
      activeTurns.cancel(callSid, turn, "cancelled: " + CancelReason.CALLER_CONTINUED);
      history.forgetTurn(callSid, turn);
    }
  }

  private void submit(ConsumerRecord<String, SpecificRecord> record, Consumer<ConsumerRecord<String, SpecificRecord>> work) {
    String lane = record.key() != null ? record.key() : record.topic() + "-" + record.partition();
    lanes.submit(lane, () -> {
      try {
        work.accept(record);
      } catch (RuntimeException e) {
        // A record we cannot handle is kept for analysis and never blocks the call's later records.
        deadLetters.send(record, e);
      }
    });
  }

  private void answer(ConsumerRecord<String, SpecificRecord> record, Instant receivedAt) {
    if (!(record.value() instanceof Transcript transcript)) {
      throw new IllegalArgumentException("expected a Transcript on " + record.topic() + ", got "
          + (record.value() == null ? "null" : record.value().getSchema().getFullName()));
    }
    String callSid = transcript.getCallSid().toString();
    int turn = transcript.getTurn();
    if (callSid.isBlank() || transcript.getReplyTo().toString().isBlank()) {
      throw new IllegalArgumentException("transcript turn " + turn + " of call '" + callSid + "' has no callSid or replyTo: its reply could not be routed");
    }
    try (var ctx = CallContext.open(callSid, turn)) {
      if (tooOld(transcript.getEventTime(), "transcript")) {
        return;
      }
      if (abandonedTurns.contains(callSid, turn)) {
        log.info("transcript of a turn the caller talked on through (CALLER_CONTINUED): not answered");
        return;
      }
      CancellationToken cancel = activeTurns.begin(callSid, turn);
      if (abandonedTurns.contains(callSid, turn)) { // taken back between the check above and begin
        cancel.cancel("cancelled: " + CancelReason.CALLER_CONTINUED);
        log.info("transcript of a turn the caller talked on through (CALLER_CONTINUED): not answered");
        return;
      }
      SegmentPublisher output = new SegmentPublisher(publisher, clock, instanceId, callSid, turn,
          transcript.getReplyTo().toString(), transcript.getSpeechEndedAt(), transcript.getTimeline(), receivedAt, clock.instant());
      String said = transcript.getText().toString().strip();
      if (transcript.getStatus() != TranscriptStatus.OK || said.isEmpty()) {
        log.info("transcript {} ({}): asking the caller to repeat", transcript.getStatus(), transcript.getReason());
        String repeat = business.repeatText(false);
        output.segment(repeat, true, transcript.getStatus() == TranscriptStatus.FAILED ? ReplyKind.FALLBACK : ReplyKind.ANSWER,
            false, GREETING_ENGINE);
        history.recordTurn(callSid, turn, null, repeat);
        return;
      }
      Conversation conversation = new Conversation(callSid, Conversation.Channel.VOICE, history.messages(callSid));
      ReplyResult result = replier.reply(conversation, said, output, cancel, properties.replyMaxChars(), SpeechText::prepare);
      if (abandonedTurns.contains(callSid, turn)) {
        history.forgetTurn(callSid, turn); // also stops a recordTurn racing with the cancel's forgetTurn
        log.info("turn taken back while answering (CALLER_CONTINUED): stopped after {} segment(s), not recorded",
            output.published());
        return;
      }
      history.recordTurn(callSid, turn, said, result.text());
      log.info("turn answered by {} ({}{}{}) in {} segment(s)", result.engine(), result.kind(),
          result.endCall() ? ", ends the call" : "", result.cancelled() ? ", cancelled" : "", output.published());
    }
  }

  private void lifecycle(ConsumerRecord<String, SpecificRecord> record, Instant receivedAt) {
    if (!(record.value() instanceof CallLifecycle event)) {
      throw new IllegalArgumentException("expected a CallLifecycle on " + record.topic());
    }
    String callSid = event.getCallSid().toString();
    try (var ctx = CallContext.open(callSid, 0)) {
      switch (event.getKind()) {
        case STREAM_STARTED -> greet(event, receivedAt);
        case STREAM_STOPPED -> {
          history.drop(callSid);
          log.info("call ended: history dropped");
        }
        default -> { }
      }
    }
  }

  private void greet(CallLifecycle event, Instant receivedAt) {
    String callSid = event.getCallSid().toString();
    if (event.getReplyTo() == null || event.getReplyTo().toString().isBlank()) {
      log.warn("stream started without replyTo: cannot greet (no route back to the gateway)");
      return;
    }
    if (tooOld(event.getEventTime(), "stream start")) {
      return;
    }
    if (history.lastTurn(callSid) >= 0) {
      log.info("call already has history (redelivered stream start?): not greeting again");
      return;
    }
    SegmentPublisher output = new SegmentPublisher(publisher, clock, instanceId, callSid, 0, event.getReplyTo().toString(),
        null, List.of(), receivedAt, clock.instant());
    String greeting = business.greetingText();
    List<String> sentences = SentenceSplitter.split(greeting, properties.minSentenceChars());
    for (int i = 0; i < sentences.size(); i++) {
      output.segment(SpeechText.prepare(sentences.get(i)), i == sentences.size() - 1, ReplyKind.GREETING, false, GREETING_ENGINE);
    }
    history.recordTurn(callSid, 0, null, greeting);
    log.info("greeted in {} segment(s)", sentences.size());
  }

  private boolean tooOld(Instant eventTime, String what) {
    Duration age = Duration.between(eventTime, clock.instant());
    if (age.compareTo(maxRecordAge) > 0) {
      log.info("skipping a {} that is {} ms old (voice.platform.max-record-age {}): the caller is no longer waiting for it",
          what, age.toMillis(), maxRecordAge);
      return true;
    }
    return false;
  }
}
