package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.CancelReason;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.Utterance;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Speculative turns (voice.gateway.endpoint.speculative-silence, 450 ms by default): a pause publishes the
 * utterance at once, the end silence (600 ms) confirms it, speech before that cancels it; reply audio of a
 * turn is never played before its confirmation.
 */
class SpeculativeTurnIT extends GatewayTestBase {

  /**
   * A pause that, with the quiet end of the fixture's last word (its speech ends about 160 ms before its audio),
   * is past the speculative silence (450 ms) and short of the end silence (600 ms).
   */
  static final int PAUSE_MS = 360;

  /** Only the speech of the question fixture (500-2528 ms of it), without its leading and trailing quiet. */
  static byte[] speech() {
    return Arrays.copyOfRange(hebrewQuestion(), 500 * 8, 2540 * 8);
  }

  @Test
  void aPauseLongerThanTheSpeculativeSilenceButShorterThanTheEndSilenceCancelsTheTurnAndTheWholeUtteranceIsTheNextTurn() {
    MediaStreamClient call = startCall();
    call.silence(400).media(speech()).silence(PAUSE_MS).media(speech()).silence(1000);

    Utterance speculative = kafka().await(Utterance.class, u -> u.getCallSid().equals(call.callSid()) && u.getTurn() == 1);
    TurnCancelled cancelled = kafka().await(TurnCancelled.class, c -> c.getCallSid().equals(call.callSid()));
    assertThat(cancelled.getTurn()).isEqualTo(1);
    assertThat(cancelled.getReason()).isEqualTo(CancelReason.CALLER_CONTINUED);
    assertThat(cancelled.getHeardSegments()).isZero();
    assertThat(cancelled.getHeardText()).isEmpty();
    Utterance whole = kafka().await(Utterance.class, u -> u.getCallSid().equals(call.callSid()) && u.getTurn() == 2);
    assertThat(whole.getStreamStartMs()).isEqualTo(speculative.getStreamStartMs());
    assertThat(whole.getStreamEndMs()).isGreaterThan(speculative.getStreamEndMs() + 2000);
    assertThat(whole.getAudio().remaining()).isGreaterThan(speculative.getAudio().remaining());

    call.stop();
    kafka().await(CallLifecycle.class,
        e -> e.getCallSid().equals(call.callSid()) && e.getKind() == CallLifecycleKind.STREAM_STOPPED);
    assertThat(kafka().all(Utterance.class, u -> u.getCallSid().equals(call.callSid())))
        .extracting(Utterance::getTurn).containsExactly(1, 2);
    assertThat(kafka().all(TurnCancelled.class, c -> c.getCallSid().equals(call.callSid())))
        .extracting(TurnCancelled::getTurn, TurnCancelled::getReason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, CancelReason.CALLER_CONTINUED),
            org.assertj.core.groups.Tuple.tuple(2, CancelReason.CALL_ENDED));
    // What the taken-back turn cost shows in the metrics: two turns published at a pause, one of them taken back.
    String metrics = scrape();
    assertThat(count(metrics, "voice_turns_published_total{application=\"gateway\",speculative=\"true\"}"))
        .isGreaterThanOrEqualTo(2);
    assertThat(count(metrics, "voice_turns_taken_back_total{application=\"gateway\"}")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aNormalEndPublishesExactlyOneUtteranceAndNoCancel() {
    MediaStreamClient call = startCall();
    call.silence(400).media(speech()).silence(1000);

    kafka().await(Utterance.class, u -> u.getCallSid().equals(call.callSid()));
    call.close();
    kafka().await(CallLifecycle.class,
        e -> e.getCallSid().equals(call.callSid()) && e.getKind() == CallLifecycleKind.STREAM_STOPPED);

    assertThat(kafka().all(Utterance.class, u -> u.getCallSid().equals(call.callSid())))
        .extracting(Utterance::getTurn).containsExactly(1);
    assertThat(kafka().all(TurnCancelled.class, c -> c.getCallSid().equals(call.callSid())))
        .noneMatch(c -> c.getReason() == CancelReason.CALLER_CONTINUED);
  }

  @Test
  void replyAudioOfATurnNotYetConfirmedIsHeldAndPlayedAfterTheEndSilenceConfirmsIt() {
    MediaStreamClient call = startCall();
    call.silence(400).media(speech()).silence(PAUSE_MS); // past the speculative pause, short of the end silence
    kafka().await(Utterance.class, u -> u.getCallSid().equals(call.callSid()) && u.getTurn() == 1);

    sendReply(call.callSid(), 1, 0, false, false, "מחר", tone(100));
    sendReply(call.callSid(), 1, 1, true, false, "פתוח", tone(100));
    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
        .until(() -> call.events("media").isEmpty() && call.events("mark").isEmpty());

    call.silence(400); // the end silence is reached: turn 1 is confirmed

    await().atMost(Duration.ofSeconds(30)).until(() -> call.events("mark").size() == 2);
    assertThat(call.events("mark")).extracting(m -> m.path("mark").path("name").stringValue())
        .containsExactly("t1-s0", "t1-s1");
    assertThat(call.events("media")).isNotEmpty();
    assertThat(kafka().all(Utterance.class, u -> u.getCallSid().equals(call.callSid()))).hasSize(1);
    call.close();
  }

  @Test
  void replyAudioOfACancelledSpeculativeTurnIsNeverPlayed() {
    MediaStreamClient call = startCall();
    call.silence(400).media(speech()).silence(PAUSE_MS);
    kafka().await(Utterance.class, u -> u.getCallSid().equals(call.callSid()) && u.getTurn() == 1);
    sendReply(call.callSid(), 1, 0, false, false, "held then dropped", tone(100));
    await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).until(() -> call.events("media").isEmpty());

    call.media(speech()).silence(1000); // the caller goes on: turn 1 never happened
    kafka().await(TurnCancelled.class, c -> c.getCallSid().equals(call.callSid()) && c.getTurn() == 1
        && c.getReason() == CancelReason.CALLER_CONTINUED);
    kafka().await(Utterance.class, u -> u.getCallSid().equals(call.callSid()) && u.getTurn() == 2);
    sendReply(call.callSid(), 1, 1, true, false, "late, also dropped", tone(100));
    sendReply(call.callSid(), 2, 0, true, false, "the real answer", tone(100));

    await().atMost(Duration.ofSeconds(30)).until(() -> !call.events("mark").isEmpty());
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> call.events("mark").size() == 1);
    assertThat(call.events("mark")).extracting(m -> m.path("mark").path("name").stringValue()).containsExactly("t2-s0");
    assertThat(call.events("media")).hasSize(1); // 100 ms = one chunk, of turn 2
    call.close();
  }
}
