package com.voiceagent.dialog.kafka;

import com.voiceagent.dialog.reply.ReplyKind;
import com.voiceagent.dialog.reply.ReplyOutput;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.StageTiming;
import com.voiceagent.platform.kafka.TimelineRecords;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Publishes one turn's reply to voice.replies as it is produced: numbers the segments from 0, carries the
 * turn's routing (replyTo) and speechEndedAt, and appends the dialog stage's timing. engineMs is the
 * time to the first sentence for segment 0 and the time since the previous segment afterwards, so a
 * timeline shows when each sentence became available.
 */
final class SegmentPublisher implements ReplyOutput {
  static final String STAGE = "dialog";

  private final EventPublisher publisher;
  private final Clock clock;
  private final String instanceId;
  private final String callSid;
  private final int turn;
  private final String replyTo;
  private final Instant speechEndedAt;
  private final List<StageTiming> upstream;
  private final Instant receivedAt;
  private Instant previous;
  private int seq;

  SegmentPublisher(EventPublisher publisher, Clock clock, String instanceId, String callSid, int turn, String replyTo,
      Instant speechEndedAt, List<StageTiming> upstream, Instant receivedAt, Instant engineStarted) {
    this.publisher = publisher;
    this.clock = clock;
    this.instanceId = instanceId;
    this.callSid = callSid;
    this.turn = turn;
    this.replyTo = replyTo;
    this.speechEndedAt = speechEndedAt;
    this.upstream = upstream;
    this.receivedAt = receivedAt;
    this.previous = engineStarted;
  }

  @Override
  public void segment(String text, boolean last, ReplyKind kind, boolean endCall, String engine) {
    publish(text, last, kind, endCall, false, engine);
  }

  @Override
  public void transferSegment(String text, String engine) {
    publish(text, true, ReplyKind.ANSWER, false, true, engine);
  }

  private synchronized void publish(String text, boolean last, ReplyKind kind, boolean endCall, boolean transfer, String engine) {
    Instant now = clock.instant();
    long engineMs = Math.max(0, now.toEpochMilli() - previous.toEpochMilli());
    previous = now;
    publisher.publish(Topics.REPLIES, ReplySegment.newBuilder()
        .setCallSid(callSid)
        .setTurn(turn)
        .setProducer(instanceId)
        .setEventTime(now)
        .setReplyTo(replyTo)
        .setSeq(seq++)
        .setLast(last)
        .setText(text)
        .setKind(kindOf(kind))
        .setEndCall(endCall)
        .setTransfer(transfer)
        .setSpeechEndedAt(speechEndedAt)
        .setTimeline(TimelineRecords.append(upstream, STAGE, engine, instanceId, receivedAt, engineMs, now))
        .build());
  }

  static com.voiceagent.events.ReplyKind kindOf(ReplyKind kind) {
    return switch (kind) {
      case ANSWER -> com.voiceagent.events.ReplyKind.ANSWER;
      case GREETING -> com.voiceagent.events.ReplyKind.GREETING;
      case GOODBYE -> com.voiceagent.events.ReplyKind.GOODBYE;
      case FALLBACK -> com.voiceagent.events.ReplyKind.FALLBACK;
    };
  }
}
