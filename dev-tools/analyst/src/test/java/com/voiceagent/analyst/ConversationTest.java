package com.voiceagent.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.CancelReason;
import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.StreamEndReason;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TranscriptStatus;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.events.Utterance;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a call's records become its turns, timing and ending, on records written by hand where every time is
 * known: the stream starts at T (stream time 0), the caller speaks 1.0-3.0 s, the answer goes out at 3.8 s.
 */
class ConversationTest {
  private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
  private static final String SID = "CA" + "1".repeat(32);

  private final CallRecords records = new CallRecords(SID);

  private static Instant at(long ms) {
    return T.plusMillis(ms);
  }

  private void started(Map<String, String> attributes) {
    records.lifecycle.add(CallLifecycle.newBuilder().setCallSid(SID).setProducer("gw").setEventTime(at(0))
        .setKind(CallLifecycleKind.STREAM_STARTED).setStreamSid("MZ1").setAttributes(attributes).build());
  }

  private void stopped(long ms) {
    records.lifecycle.add(CallLifecycle.newBuilder().setCallSid(SID).setProducer("gw").setEventTime(at(ms))
        .setKind(CallLifecycleKind.STREAM_STOPPED).setStreamSid("MZ1").setStreamEndReason(StreamEndReason.STOPPED).build());
  }

  private void callerSays(int turn, long fromMs, long toMs, String text) {
    records.utterances.add(Utterance.newBuilder().setCallSid(SID).setTurn(turn).setProducer("gw").setEventTime(at(toMs))
        .setReplyTo("voice.audio.gw").setStreamSid("MZ1").setSampleRate(8000)
        .setAudio(ByteBuffer.wrap(new byte[(int) (toMs - fromMs) * 16])).setStreamStartMs(fromMs).setStreamEndMs(toMs)
        .setSpeechEndedAt(at(toMs)).build());
    records.transcripts.add(Transcript.newBuilder().setCallSid(SID).setTurn(turn).setProducer("stt").setEventTime(at(toMs))
        .setReplyTo("voice.audio.gw").setText(text).setStatus(TranscriptStatus.OK).setSpeechEndedAt(at(toMs)).build());
  }

  private void agentAnswers(int turn, long speechEndMs, long sentMs, int audioMs, ReplyKind kind, boolean endCall) {
    records.replies.add(ReplySegment.newBuilder().setCallSid(SID).setTurn(turn).setProducer("dialog").setEventTime(at(sentMs))
        .setReplyTo("voice.audio.gw").setSeq(0).setLast(true).setText("reply " + turn).setKind(kind).setEndCall(endCall).build());
    records.audio.add(new CallRecords.AudioRecord(ReplyAudio.newBuilder().setCallSid(SID).setTurn(turn).setProducer("tts")
        .setEventTime(at(sentMs)).setSeq(0).setLast(true).setText("reply " + turn).setKind(kind).setEndCall(endCall)
        .setAudio(ByteBuffer.wrap(new byte[audioMs * 8])).build(), at(sentMs - 5)));
    records.turns.add(TurnCompleted.newBuilder().setCallSid(SID).setTurn(turn).setProducer("gw").setEventTime(at(sentMs))
        .setSpeechEndedAt(at(speechEndMs)).setFirstAudioSentAt(at(sentMs)).setReplyText("reply " + turn).setKind(kind).build());
  }

  @Test
  void aGoodbyeHeardInFullEndsTheCallOnTheAgentsSide() {
    started(Map.of());
    callerSays(1, 1000, 3000, "תודה, להתראות");
    agentAnswers(1, 3000, 3800, 1000, ReplyKind.GOODBYE, true);
    stopped(5000);

    Conversation call = new Conversation(records);

    assertThat(call.ended()).isEqualTo("agent-ended");
    assertThat(call.turns()).singleElement().satisfies(turn -> {
      assertThat(turn.latencyMs()).isEqualTo(800);
      assertThat(turn.heardText()).isEqualTo("reply 1");
      assertThat(turn.callerStartMs()).isEqualTo(1000);
      assertThat(turn.agentStartMs()).isEqualTo(3800);
      assertThat(turn.agentEndMs()).isEqualTo(4800);
    });
    assertThat(call.callerTalkMs()).isEqualTo(2000);
    assertThat(call.agentTalkMs()).isEqualTo(1000);
  }

  @Test
  void aBargeInCutsTheAnswerWhereTheGatewayClearedItAndKeepsWhatWasHeard() {
    started(Map.of());
    callerSays(1, 1000, 3000, "שאלה");
    agentAnswers(1, 3000, 3800, 4000, ReplyKind.ANSWER, false);
    records.cancellations.add(TurnCancelled.newBuilder().setCallSid(SID).setTurn(1).setProducer("gw").setEventTime(at(5300))
        .setReason(CancelReason.BARGE_IN).setHeardSegments(0).setHeardText("").build());
    stopped(9000);

    Conversation call = new Conversation(records);

    assertThat(call.turns()).singleElement().satisfies(turn -> {
      assertThat(turn.interrupted()).isTrue();
      assertThat(turn.heardText()).isEmpty();
      assertThat(turn.agentEndMs()).as("cleared at the barge-in").isEqualTo(5300);
    });
    assertThat(call.bargeIns()).isEqualTo(1);
    assertThat(call.ended()).isEqualTo("caller-hung-up");
    assertThat(call.silences()).as("from the clear to the hang-up nobody spoke")
        .containsExactly(new CallView.Silence(5300, 9000, 3700));
  }

  @Test
  void aTurnTheCallerTalkedThroughIsNoTurnAndAFallbackIsCounted() {
    started(Map.of());
    callerSays(1, 1000, 2000, "חצי");
    records.cancellations.add(TurnCancelled.newBuilder().setCallSid(SID).setTurn(1).setProducer("gw").setEventTime(at(2300))
        .setReason(CancelReason.CALLER_CONTINUED).build());
    callerSays(2, 1000, 3000, "חצי ועוד חצי");
    agentAnswers(2, 3000, 3500, 500, ReplyKind.FALLBACK, false);
    stopped(4500);

    Conversation call = new Conversation(records);

    assertThat(call.turns()).extracting(TurnView::turn).containsExactly(2);
    assertThat(call.fallbacksHeard()).isEqualTo(1);
    assertThat(call.summary().fallbacks()).isEqualTo(1);
  }

  @Test
  void warmUpCallsAreKnownByTheirStreamParameter() {
    started(Map.of(com.voiceagent.simulator.WarmUpCalls.PARAMETER, "true"));
    assertThat(new Conversation(records).warmUp()).isTrue();
  }

  @Test
  void aCallOlderThanWhatTheTopicsKeepSaysWhatIsGone() {
    started(Map.of());
    callerSays(1, 1000, 3000, "שאלה");
    stopped(4000);

    assertThat(new Conversation(records).view(T.plus(Duration.ofMinutes(10))).notes()).isEmpty();
    assertThat(new Conversation(records).view(T.plus(Duration.ofDays(2))).notes())
        .anySatisfy(n -> assertThat(n).startsWith("voice.control keeps 24 h"))
        .anySatisfy(n -> assertThat(n).startsWith("voice.audio.* keeps 6 h"));
  }

  private void handedOver(long ms, int turn, String streamSid) {
    records.lifecycle.add(CallLifecycle.newBuilder().setCallSid(SID).setTurn(turn).setProducer("gw").setEventTime(at(ms))
        .setKind(CallLifecycleKind.TRANSFERRED).setStreamSid(streamSid).build());
  }

  private void dialEnded(long ms, String dialCallStatus) {
    records.lifecycle.add(CallLifecycle.newBuilder().setCallSid(SID).setProducer("gw").setEventTime(at(ms))
        .setKind(CallLifecycleKind.CALL_STATUS).setAttributes(Map.of("callback", "transfer-ended", "DialCallStatus", dialCallStatus))
        .build());
  }

  /** The caller asks for a person in turn 1; at 5 s the gateway re-points the call to dial them, and its stream stops. */
  private void callerAskedForAPersonAndTheCallWasHandedOverAt5s() {
    started(Map.of());
    callerSays(1, 1000, 3000, "אפשר נציג?");
    agentAnswers(1, 3000, 3800, 1000, ReplyKind.ANSWER, false);
    handedOver(5000, 1, "MZ1");
    stopped(5200);
  }

  @Test
  void aCallHandedToAPersonEndsTransferredAndShowsTheOutcomeAndTheSummaryThePersonGot() {
    callerAskedForAPersonAndTheCallWasHandedOverAt5s();
    dialEnded(20_000, "completed");
    records.transferNotices.add(com.voiceagent.events.TransferNotice.newBuilder().setCallSid(SID).setTurn(1).setProducer("dialog")
        .setEventTime(at(5100)).setTransferId("MZ1").setNotifyTo("+972501110000").setSummary("הלקוח: אפשר נציג?")
        .setSummaryEngine("scripted").build());

    Conversation call = new Conversation(records);

    assertThat(call.ended()).isEqualTo("transferred");
    assertThat(call.view(at(30_000)).transfers()).containsExactly(
        new CallView.Transfer(at(5000).toString(), 1, "completed", "הלקוח: אפשר נציג?", "scripted"));
  }

  @Test
  void aHandOverNobodyTookShowsItsOutcomeAndTheCallGoesOnWithTheAgent() {
    callerAskedForAPersonAndTheCallWasHandedOverAt5s();
    dialEnded(25_000, "no-answer");
    records.lifecycle.add(CallLifecycle.newBuilder().setCallSid(SID).setTurn(1).setProducer("gw").setEventTime(at(25_500))
        .setKind(CallLifecycleKind.STREAM_STARTED).setStreamSid("MZ2").build());
    records.lifecycle.add(CallLifecycle.newBuilder().setCallSid(SID).setProducer("gw").setEventTime(at(40_000))
        .setKind(CallLifecycleKind.STREAM_STOPPED).setStreamSid("MZ2").setStreamEndReason(StreamEndReason.STOPPED).build());

    Conversation call = new Conversation(records);

    assertThat(call.ended()).isEqualTo("caller-hung-up");
    assertThat(call.transfers()).singleElement().satisfies(t -> {
      assertThat(t.outcome()).isEqualTo("no-answer");
      assertThat(t.summary()).as("TRANSFER_NOTIFY_WHATSAPP unset: nobody was told").isNull();
    });
  }
}
