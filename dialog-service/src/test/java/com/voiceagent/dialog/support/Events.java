package com.voiceagent.dialog.support;

import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.CancelReason;
import com.voiceagent.events.StageTiming;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TranscriptStatus;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.WhatsAppInbound;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import com.voiceagent.platform.stage.Stages;
import org.springframework.kafka.listener.MessageListenerContainer;

/** Builders for the events the tests send, and a wait for the listeners' partitions. */
public final class Events {
  public static final String REPLY_TO = "voice.audio.gw-test";
  public static final Instant SPEECH_ENDED = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  private Events() {}

  public static Transcript transcript(String callSid, int turn, String text) {
    return transcript(callSid, turn, text, TranscriptStatus.OK);
  }

  public static Transcript transcript(String callSid, int turn, String text, TranscriptStatus status) {
    return Transcript.newBuilder().setCallSid(callSid).setTurn(turn).setProducer("stt-test")
        .setEventTime(Instant.now()).setReplyTo(REPLY_TO).setText(text).setStatus(status)
        .setReason(status == TranscriptStatus.OK ? null : "test")
        .setSpeechEndedAt(SPEECH_ENDED)
        .setTimeline(List.of(StageTiming.newBuilder().setStage("stt").setEngine("test").setInstance("stt-1")
            .setReceivedAt(SPEECH_ENDED).setEngineMs(5).setPublishedAt(SPEECH_ENDED).build()))
        .build();
  }

  /** A keypad turn as stt-service passes it on: no words, the keys. */
  public static Transcript keys(String callSid, int turn, String keypad) {
    Transcript keys = transcript(callSid, turn, "");
    keys.setKeypad(keypad);
    return keys;
  }

  public static CallLifecycle lifecycle(String callSid, CallLifecycleKind kind) {
    return CallLifecycle.newBuilder().setCallSid(callSid).setProducer("gw-test").setEventTime(Instant.now())
        .setKind(kind).setStreamSid("MZ" + callSid).setReplyTo(REPLY_TO).build();
  }

  public static TurnCancelled bargeIn(String callSid, int turn, int heardSegments, String heardText) {
    return TurnCancelled.newBuilder().setCallSid(callSid).setTurn(turn).setProducer("gw-test").setEventTime(Instant.now())
        .setReason(CancelReason.BARGE_IN).setHeardSegments(heardSegments).setHeardText(heardText).build();
  }

  /** The gateway took back a speculative turn: the caller went on speaking after a short pause. */
  public static TurnCancelled callerContinued(String callSid, int turn) {
    return TurnCancelled.newBuilder().setCallSid(callSid).setTurn(turn).setProducer("gw-test").setEventTime(Instant.now())
        .setReason(CancelReason.CALLER_CONTINUED).setHeardSegments(0).setHeardText("").build();
  }

  public static WhatsAppInbound whatsApp(String from, String messageSid, String body) {
    return WhatsAppInbound.newBuilder().setConversationId(from).setProducer("wa-test").setEventTime(Instant.now())
        .setMessageSid(messageSid).setFrom(from).setTo("whatsapp:+14155238886").setBody(body).build();
  }

  /** Waits until every listener container has its partitions (a "latest" consumer misses earlier records). */
  public static void awaitListenersAssigned(Stages stages) {
    await().atMost(Duration.ofSeconds(30)).until(() -> stages.containers().stream()
        .allMatch(c -> c.getAssignedPartitions() != null && !c.getAssignedPartitions().isEmpty()));
  }

  private static int assigned(MessageListenerContainer container) {
    var partitions = container.getAssignedPartitions();
    return partitions == null ? 0 : partitions.size();
  }
}
