package com.voiceagent.gateway.kafka;

import com.voiceagent.events.ReplyAudio;
import com.voiceagent.gateway.call.AgentSpeech;
import com.voiceagent.gateway.call.CallSessions;
import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.kafka.TimelineRecords;
import com.voiceagent.platform.stage.Delivery;
import com.voiceagent.platform.stage.Inbound;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.TopicSpec;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads this instance's own reply-audio topic and hands each sentence to the call that holds the socket.
 * The handoff only queues: sending happens on the call's outbound lane, so a slow caller never holds this
 * consumer.
 */
final class ReplyAudioStage {
  static final String STAGE = "playback";
  private static final Logger log = LoggerFactory.getLogger(ReplyAudioStage.class);

  private final CallSessions calls;
  private final KafkaPhrases phrases;

  ReplyAudioStage(CallSessions calls, KafkaPhrases phrases, TopicSpec<ReplyAudio> replyAudioTopic, InstanceIdentity identity,
      Stages stages) {
    this.calls = calls;
    this.phrases = phrases;
    // Each gateway reads only its own topic, in a group of its own.
    stages.stage(STAGE).group("gateway-" + identity.id()).delivery(Delivery.VOICE).on(replyAudioTopic, this::play).start();
  }

  private void play(Inbound<ReplyAudio> inbound) {
    ReplyAudio audio = inbound.value();
    if (phrases.accept(audio)) {
      return;
    }
    calls.find(audio.getCallSid()).ifPresentOrElse(
        call -> call.onAgentSpeech(speechOf(audio), inbound.receivedAt()),
        () -> log.info("reply audio t{}-s{} for a call this instance does not hold (ended?): dropped", audio.getTurn(),
            audio.getSeq()));
  }

  static AgentSpeech speechOf(ReplyAudio audio) {
    ByteBuffer buffer = audio.getAudio().duplicate();
    byte[] muLaw = new byte[buffer.remaining()];
    buffer.get(muLaw);
    return new AgentSpeech(audio.getTurn(), audio.getSeq(), audio.getLast(), audio.getText(), kindOf(audio.getKind()),
        audio.getEndCall(), muLaw, audio.getSpeechEndedAt(), TimelineRecords.read(audio.getTimeline()), audio.getTransfer());
  }

  private static AgentSpeech.Kind kindOf(com.voiceagent.events.ReplyKind kind) {
    return switch (kind) {
      case GREETING -> AgentSpeech.Kind.GREETING;
      case GOODBYE -> AgentSpeech.Kind.GOODBYE;
      case FALLBACK -> AgentSpeech.Kind.FALLBACK;
      case null, default -> AgentSpeech.Kind.ANSWER;
    };
  }
}
