package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.Utterance;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Key presses become turns: an utterance without audio that carries the keys, ended by # or a pause. */
class KeypadIT extends GatewayTestBase {

  @Test
  void keysEndedByHashArePublishedAsOneKeypadTurnWithoutAudio() {
    MediaStreamClient call = startCall();
    call.silence(200).dtmf("1").dtmf("2").dtmf("3").dtmf("#");

    Utterance keypad = kafka().await(Utterance.class, u -> u.getCallSid().equals(call.callSid()));
    assertThat(keypad.getKeypad()).isEqualTo("123#");
    assertThat(keypad.getTurn()).isEqualTo(1);
    assertThat(keypad.getAudio().remaining()).isZero();
    assertThat(keypad.getReplyTo()).isEqualTo(REPLY_TOPIC);
    assertThat(keypad.getStreamStartMs()).isEqualTo(200);
    call.close();
  }

  @Test
  void keysWithoutHashArePublishedOnceNoKeyCameForTheDigitPause() {
    MediaStreamClient call = startCall();
    Instant lastKey = Instant.now();
    call.dtmf("4").dtmf("0");
    lastKey = Instant.now();

    Utterance keypad = kafka().await(Utterance.class, u -> u.getCallSid().equals(call.callSid()));
    assertThat(keypad.getKeypad()).isEqualTo("40");
    assertThat(Duration.between(lastKey, keypad.getEventTime())).as("the default pause is 3 s")
        .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
    // The next keys make the next turn.
    call.dtmf("7").dtmf("#");
    Utterance next = kafka().await(Utterance.class, u -> u.getCallSid().equals(call.callSid()) && u.getTurn() == 2);
    assertThat(next.getKeypad()).isEqualTo("7#");
    call.close();
  }

  @Test
  void keysPressedWhileTheAgentTalksDoNotCutItAndTheirReplyPlaysAfterIt() {
    MediaStreamClient call = startCall();
    sendReply(call.callSid(), 0, 0, true, false, "אנא הקישו את מספר הזהות", tone(3000));
    await().atMost(Duration.ofSeconds(30)).until(() -> call.hasMark("t0-s0"));
    call.dtmf("1").dtmf("#");
    Utterance keys = kafka().await(Utterance.class, u -> u.getCallSid().equals(call.callSid()));
    assertThat(keys.getKeypad()).isEqualTo("1#");

    sendReply(call.callSid(), 1, 0, true, false, "קיבלתי", tone(200));
    await().atMost(Duration.ofSeconds(30)).until(() -> call.hasMark("t1-s0"));
    assertThat(call.events("clear")).as("the request was not cut").isEmpty();
    assertThat(kafka().all(TurnCancelled.class, c -> c.getCallSid().equals(call.callSid()))).isEmpty();
    call.close();
  }
}
