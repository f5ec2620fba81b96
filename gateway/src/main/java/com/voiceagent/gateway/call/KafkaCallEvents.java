package com.voiceagent.gateway.call;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.CancelReason;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.events.Utterance;
import com.voiceagent.platform.KeyedLanes;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events a call produces, handed to Kafka off the socket thread. The producer can block while it
 * fetches metadata (a broker outage); a per-call lane keeps that wait away from the socket and keeps one
 * call's events in order.
 */
final class KafkaCallEvents implements CallEvents {
  private static final Logger log = LoggerFactory.getLogger(KafkaCallEvents.class);

  private final EventPublisher publisher;
  private final KeyedLanes lanes;
  private final String instanceId;
  private final Clock clock;

  KafkaCallEvents(EventPublisher publisher, KeyedLanes lanes, String instanceId, Clock clock) {
    this.publisher = publisher;
    this.lanes = lanes;
    this.instanceId = instanceId;
    this.clock = clock;
  }

  @Override
  public String instanceId() {
    return instanceId;
  }

  @Override
  public void streamStarted(String callSid, String streamSid, String replyTo, Map<String, String> parameters) {
    publish(callSid, Topics.CALL_LIFECYCLE.name(), CallLifecycle.newBuilder().setCallSid(callSid).setTurn(0)
        .setProducer(instanceId).setEventTime(clock.instant()).setKind(CallLifecycleKind.STREAM_STARTED)
        .setStreamSid(streamSid).setReplyTo(replyTo).setAttributes(parameters).build());
  }

  @Override
  public void streamStopped(String callSid, String streamSid, String replyTo, int lastTurn) {
    publish(callSid, Topics.CALL_LIFECYCLE.name(), CallLifecycle.newBuilder().setCallSid(callSid).setTurn(lastTurn)
        .setProducer(instanceId).setEventTime(clock.instant()).setKind(CallLifecycleKind.STREAM_STOPPED)
        .setStreamSid(streamSid).setReplyTo(replyTo).build());
  }

  @Override
  public void utterance(Utterance utterance) {
    publish(utterance.getCallSid(), Topics.UTTERANCES.name(), utterance);
  }

  @Override
  public void turnCancelled(String callSid, Playback.Cut cut, CancelReason reason) {
    log.info("turn {} cancelled ({}): caller heard {} segment(s)", cut.turn(), reason, cut.heardSegments());
    publish(callSid, Topics.CONTROL.name(), TurnCancelled.newBuilder().setCallSid(callSid).setTurn(cut.turn())
        .setProducer(instanceId).setEventTime(clock.instant()).setReason(reason)
        .setHeardSegments(cut.heardSegments()).setHeardText(cut.heardText()).build());
  }

  @Override
  public void turnCompleted(TurnCompleted completed) {
    publish(completed.getCallSid(), Topics.TURNS.name(), completed);
  }

  private void publish(String callSid, String topic, SpecificRecord event) {
    lanes.submit(callSid, () -> publisher.publish(topic, callSid, event));
  }
}
