package com.voiceagent.gateway.kafka;

import com.voiceagent.audio.Pcm16;
import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.CancelReason;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.StreamEndReason;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.events.Utterance;
import com.voiceagent.gateway.call.AgentSpeech;
import com.voiceagent.gateway.call.CallEvents;
import com.voiceagent.gateway.call.CallerUtterance;
import com.voiceagent.gateway.call.TurnPlayed;
import com.voiceagent.gateway.token.StreamEnd;
import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.KeyedLanes;
import com.voiceagent.platform.Timeline;
import com.voiceagent.platform.control.TurnCancellation;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.platform.kafka.TimelineRecords;
import com.voiceagent.schemas.TopicSpec;
import com.voiceagent.schemas.Topics;
import com.voiceagent.gateway.twiml.StreamTwiml;
import java.util.HashMap;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events a call produces, as records, handed to Kafka off the socket thread. The producer can block
 * while it fetches metadata (a broker outage); a per-call lane keeps that wait away from the socket and
 * keeps one call's events in order. Every record carries this gateway's reply address, and a turn's records go out
 * in the turn's trace ({@link TurnTraces}).
 */
final class KafkaCallEvents implements CallEvents, AutoCloseable {
  /** How long a stopping gateway waits for its calls' last events to reach the producer. */
  static final Duration FLUSH_ON_CLOSE = Duration.ofSeconds(2);
  private static final Logger log = LoggerFactory.getLogger(KafkaCallEvents.class);

  private final EventPublisher publisher;
  private final String replyTo;
  private final String instanceId;
  private final Clock clock;
  private final KeyedLanes lanes;
  private final TurnTraces traces;

  KafkaCallEvents(EventPublisher publisher, String replyTo, String instanceId, Clock clock, int maxQueuedPerCall) {
    this(publisher, replyTo, instanceId, clock, maxQueuedPerCall, new TurnTraces(ObservationRegistry.NOOP));
  }

  /**
   * @param maxQueuedPerCall events of one call waiting for Kafka at most: while the producer blocks (the
   *     broker away) a call's later events are dropped with an error line rather than held without bound
   */
  KafkaCallEvents(EventPublisher publisher, String replyTo, String instanceId, Clock clock, int maxQueuedPerCall,
      TurnTraces traces) {
    this.traces = traces;
    this.publisher = publisher;
    this.replyTo = replyTo;
    this.instanceId = instanceId;
    this.clock = clock;
    this.lanes = new KeyedLanes("gateway-publish", maxQueuedPerCall, (callSid, error) -> failed(callSid, error,
        maxQueuedPerCall));
  }

  private static void failed(String callSid, Throwable error, int maxQueuedPerCall) {
    try (var ctx = CallContext.open(callSid)) {
      if (error instanceof KeyedLanes.LaneFullException) {
        // Decision: the newest event is dropped, the ones waiting keep their order and go out once Kafka
        // takes them; holding everything would let a broker outage grow memory with every call's audio.
        log.error("an event of this call was dropped: {} of its events already wait for Kafka"
            + " (voice.gateway.publish.max-queued-per-call)", maxQueuedPerCall);
      } else {
        log.error("publishing an event of this call failed: {}", error.toString());
      }
    }
  }

  @Override
  public void streamStarted(String callSid, String streamSid, Map<String, String> parameters, @Nullable StreamEnd resumedAfter,
      int lastTurn) {
    // An outbound call's context has a field of its own: the dialog opens the call with it.
    Map<String, String> attributes = new HashMap<>(parameters);
    String outboundContext = attributes.remove(StreamTwiml.CONTEXT_PARAMETER);
    publish(Topics.CALL_LIFECYCLE, CallLifecycle.newBuilder().setCallSid(callSid).setTurn(lastTurn)
        .setProducer(instanceId).setEventTime(clock.instant()).setKind(CallLifecycleKind.STREAM_STARTED)
        .setStreamSid(streamSid).setReplyTo(replyTo).setResumedAfter(reasonOf(resumedAfter))
        .setOutboundContext(outboundContext).setAttributes(attributes).build());
  }

  @Override
  public void streamStopped(String callSid, String streamSid, int lastTurn, StreamEnd reason) {
    publish(Topics.CALL_LIFECYCLE, CallLifecycle.newBuilder().setCallSid(callSid).setTurn(lastTurn)
        .setProducer(instanceId).setEventTime(clock.instant()).setKind(CallLifecycleKind.STREAM_STOPPED)
        .setStreamSid(streamSid).setReplyTo(replyTo).setStreamEndReason(reasonOf(reason)).build());
  }

  @Override
  public void transferred(String callSid, String streamSid, int lastTurn) {
    publish(Topics.CALL_LIFECYCLE, CallLifecycle.newBuilder().setCallSid(callSid).setTurn(lastTurn)
        .setProducer(instanceId).setEventTime(clock.instant()).setKind(CallLifecycleKind.TRANSFERRED)
        .setStreamSid(streamSid).setReplyTo(replyTo).build());
  }

  private static @Nullable StreamEndReason reasonOf(@Nullable StreamEnd end) {
    return end == null ? null : StreamEndReason.valueOf(end.name());
  }

  @Override
  public void utterance(CallerUtterance utterance) {
    Observation turn = traces.begin(utterance.callSid(), utterance.turn());
    publish(turn, Topics.UTTERANCES, Utterance.newBuilder().setCallSid(utterance.callSid()).setTurn(utterance.turn())
        .setProducer(instanceId).setEventTime(utterance.publishedAt()).setReplyTo(replyTo)
        .setStreamSid(utterance.streamSid()).setSampleRate(8000)
        .setAudio(ByteBuffer.wrap(Pcm16.toBytes(utterance.samples())))
        .setStreamStartMs(utterance.startMs()).setStreamEndMs(utterance.endMs()).setSpeechEndedAt(utterance.speechEndedAt())
        .setCutAtMaxLength(utterance.cutAtMaxLength())
        .setKeypad(utterance.keypad())
        .setTimeline(TimelineRecords.write(Timeline.empty().append("gateway", "endpointer", instanceId,
            utterance.publishedAt(), 0, clock.instant())))
        .build(), () -> { });
  }

  @Override
  public @Nullable String traceIdOf(String callSid, int turn) {
    return TurnTraces.traceId(traces.of(callSid, turn));
  }

  @Override
  public void turnCancelled(TurnCancellation cancellation) {
    log.info("turn {} cancelled ({}): caller heard {} segment(s)", cancellation.turn(), cancellation.cause(),
        cancellation.heardSegments());
    // A turn taken back or cut by the call's end is over; one the caller barged into was played, and ended then.
    Observation turn = cancellation.cause() == TurnCancellation.Cause.BARGE_IN
        ? traces.of(cancellation.callSid(), cancellation.turn())
        : traces.end(cancellation.callSid(), cancellation.turn());
    publish(turn, Topics.CONTROL, TurnCancelled.newBuilder().setCallSid(cancellation.callSid()).setTurn(cancellation.turn())
        .setProducer(instanceId).setEventTime(clock.instant()).setReason(reasonOf(cancellation.cause()))
        .setHeardSegments(cancellation.heardSegments()).setHeardText(cancellation.heardText()).build(),
        () -> stop(cancellation.cause() == TurnCancellation.Cause.BARGE_IN ? null : turn));
  }

  @Override
  public void turnPlayed(TurnPlayed played) {
    Observation turn = traces.end(played.callSid(), played.turn());
    publish(turn, Topics.TURNS, TurnCompleted.newBuilder().setTraceId(TurnTraces.traceId(turn)).setCallSid(played.callSid()).setTurn(played.turn())
        .setProducer(instanceId).setEventTime(played.firstAudioSentAt()).setSpeechEndedAt(played.speechEndedAt())
        .setFirstAudioSentAt(played.firstAudioSentAt()).setReplyText(played.replyText()).setKind(kindOf(played.kind()))
        .setTimeline(TimelineRecords.write(played.timeline().append("playback", "twilio-media-streams", instanceId,
            played.receivedAt(), played.heldMs(), played.firstAudioSentAt())))
        .build(), () -> stop(turn));
  }

  private <V extends SpecificRecord> void publish(TopicSpec<V> topic, V event) {
    publish(null, topic, event, () -> { });
  }

  /** Publishes on the call's lane, within {@code turn}'s trace when there is one, then runs {@code after}. */
  private <V extends SpecificRecord> void publish(@Nullable Observation turn, TopicSpec<V> topic, V event, Runnable after) {
    lanes.submit(topic.keyOf(event), () -> {
      try {
        if (turn == null) {
          publisher.publish(topic, event);
        } else {
          turn.scoped(() -> publisher.publish(topic, event));
        }
      } finally {
        after.run();
      }
    });
  }

  private static void stop(@Nullable Observation turn) {
    if (turn != null) {
      turn.stop();
    }
  }

  private static CancelReason reasonOf(TurnCancellation.Cause cause) {
    return switch (cause) {
      case BARGE_IN -> CancelReason.BARGE_IN;
      case CALL_ENDED -> CancelReason.CALL_ENDED;
      case CALLER_CONTINUED -> CancelReason.CALLER_CONTINUED;
    };
  }

  private static ReplyKind kindOf(AgentSpeech.Kind kind) {
    return switch (kind) {
      case ANSWER -> ReplyKind.ANSWER;
      case GREETING -> ReplyKind.GREETING;
      case GOODBYE -> ReplyKind.GOODBYE;
      case FALLBACK -> ReplyKind.FALLBACK;
    };
  }

  /** Hands the calls' last events to the producer before it closes (Spring closes the producer after this). */
  @Override
  public void close() {
    if (!lanes.awaitIdle(FLUSH_ON_CLOSE)) {
      log.warn("{} call(s) still had events queued for Kafka when the gateway stopped", lanes.activeKeys());
    }
    lanes.close();
  }
}
