package com.voiceagent.dialog.kafka;

import com.voiceagent.dialog.transfer.TransferNotices;
import com.voiceagent.dialog.voice.VoiceTurns;
import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.StreamEndReason;
import com.voiceagent.events.Transcript;
import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.platform.stage.Delivery;
import com.voiceagent.platform.stage.Inbound;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialog stage of phone calls, Kafka side: transcripts and stream lifecycle in, reply sentences out on
 * voice.replies, addressed to the gateway holding the call.
 *
 * <p>Transcripts and lifecycle events are one stage, one consumer: with the range assignor, partition N of
 * both topics goes to the same instance, so a call's greeting, turns and end are handled by one instance,
 * in order.
 */
final class CallEventsStage {
  static final String STAGE = "dialog";
  static final String GROUP = "dialog-service";
  /** Twilio's call statuses after which the call is over. */
  static final Set<String> FINAL_STATUSES = Set.of("completed", "busy", "failed", "no-answer", "canceled");
  private static final Logger log = LoggerFactory.getLogger(CallEventsStage.class);

  private final VoiceTurns turns;
  private final TransferNotices notices;
  private final EventPublisher publisher;
  private final String instanceId;
  private final Clock clock;

  CallEventsStage(VoiceTurns turns, TransferNotices notices, EventPublisher publisher, InstanceIdentity identity, Clock clock,
      Stages stages) {
    this.turns = turns;
    this.notices = notices;
    this.publisher = publisher;
    this.instanceId = identity.id();
    this.clock = clock;
    stages.stage(STAGE).group(GROUP).delivery(Delivery.VOICE)
        .on(Topics.TRANSCRIPTS, this::answer)
        .on(Topics.CALL_LIFECYCLE, this::stopAtOnce, this::lifecycle)
        .start();
  }

  private void answer(Inbound<Transcript> inbound) {
    Transcript transcript = inbound.value();
    if (transcript.getReplyTo().isBlank()) {
      throw new IllegalArgumentException("transcript turn " + transcript.getTurn() + " has no replyTo: its reply could not be routed");
    }
    SegmentPublisher output = new SegmentPublisher(publisher, clock, instanceId, transcript.getCallSid(), transcript.getTurn(),
        transcript.getReplyTo(), transcript.getSpeechEndedAt(), transcript.getTimeline(), inbound.receivedAt(), clock.instant());
    VoiceTurns.Heard.Understood understood = switch (transcript.getStatus()) {
      case OK -> VoiceTurns.Heard.Understood.OK;
      case EMPTY -> VoiceTurns.Heard.Understood.NOTHING;
      default -> VoiceTurns.Heard.Understood.FAILED;
    };
    turns.answer(new VoiceTurns.Heard(transcript.getCallSid(), transcript.getTurn(), understood, transcript.getText(),
        transcript.getReason(), transcript.getKeypad()), output);
  }

  private static boolean resumes(CallLifecycle event) {
    return event.getStreamEndReason() == StreamEndReason.DRAINED || event.getStreamEndReason() == StreamEndReason.LOST;
  }

  /** A stream stop ends the call's running turn at once, not behind it on the call's lane. */
  private void stopAtOnce(CallLifecycle event) {
    if (event.getKind() == CallLifecycleKind.STREAM_STOPPED) {
      turns.callEnding(event.getCallSid());
    }
  }

  private void lifecycle(Inbound<CallLifecycle> inbound) {
    CallLifecycle event = inbound.value();
    switch (event.getKind()) {
      case STREAM_STARTED -> {
        if (event.getReplyTo() == null || event.getReplyTo().isBlank()) {
          log.warn("stream started without replyTo: cannot greet (no route back to the gateway)");
          return;
        }
        turns.greet(event.getCallSid(), event.getOutboundContext(), new SegmentPublisher(publisher, clock, instanceId, event.getCallSid(), 0,
            event.getReplyTo(), null, List.of(), inbound.receivedAt(), clock.instant()));
      }
      case TRANSFERRED -> {
        turns.transferring(event.getCallSid());
        // The stream that ended with the hand-over names it: a call that comes back is handed over on a new stream.
        String transferId = event.getStreamSid() != null ? event.getStreamSid() : "turn-" + event.getTurn();
        notices.transferred(event.getCallSid(), event.getTurn(), transferId);
      }
      case STREAM_STOPPED -> {
        if (resumes(event)) {
          // The call goes on on a new stream (its gateway drained or died): its conversation is kept for it.
          log.info("stream stopped ({}): the call resumes on a new stream, its history is kept", event.getStreamEndReason());
        } else if (turns.isTransferring(event.getCallSid())) {
          // The stream stopped because the call now dials a person; if nobody answers it comes back to the agent.
          log.info("stream stopped for a transfer to a person: the history is kept until the call ends");
        } else {
          turns.callEnded(event.getCallSid());
          notices.callEnded(event.getCallSid());
        }
      }
      case CALL_STATUS -> {
        if (event.getFrom() != null) {
          notices.callerNumber(event.getCallSid(), event.getFrom());
        }
        if (event.getCallStatus() != null && FINAL_STATUSES.contains(event.getCallStatus())) {
          turns.callEnding(event.getCallSid());
          turns.callEnded(event.getCallSid());
          notices.callEnded(event.getCallSid());
        }
      }
      default -> { }
    }
  }
}
