package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CancelReason;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BargeInIT extends GatewayTestBase {

  @Test
  void speechWhileTheAgentTalksClearsItsAudioAndCancelsTheTurnWithWhatWasHeard() {
    MediaStreamClient call = startCall();
    call.silence(400); // the endpointer learns the line's noise floor
    sendReply(call.callSid(), 0, 0, false, false, "שלום וברוכים הבאים.", tone(300));
    sendReply(call.callSid(), 0, 1, true, false, "במה אפשר לעזור?", tone(3000));
    await().atMost(Duration.ofSeconds(30)).until(() -> call.events("mark").size() == 2);
    call.mark("t0-s0"); // the caller heard the first sentence; the second is still playing

    call.media(hebrewQuestion());

    await().atMost(Duration.ofSeconds(30)).until(() -> !call.events("clear").isEmpty());
    JsonNode clear = call.events("clear").getFirst();
    assertThat(clear.path("streamSid").stringValue()).isEqualTo(call.streamSid());
    TurnCancelled cancelled = kafka().await(TurnCancelled.class, c -> c.getCallSid().equals(call.callSid()));
    assertThat(cancelled.getReason()).isEqualTo(CancelReason.BARGE_IN);
    assertThat(count(scrape(), "voice_barge_ins_total{application=\"gateway\"}")).isPositive();
    assertThat(cancelled.getTurn()).isZero();
    assertThat(cancelled.getHeardSegments()).isEqualTo(1);
    assertThat(cancelled.getHeardText()).isEqualTo("שלום וברוכים הבאים.");

    // Twilio echoes the cleared mark; it was not heard, and late audio of the cancelled turn is dropped.
    call.mark("t0-s1");
    // The caller stops talking: the end silence confirms turn 1 (its reply audio is held until then).
    call.silence(1000);
    int before = call.received().size();
    sendReply(call.callSid(), 0, 2, true, false, "late", tone(100));
    sendReply(call.callSid(), 1, 0, true, false, "next turn", tone(100));
    await().atMost(Duration.ofSeconds(30)).until(() -> call.events("mark").stream()
        .anyMatch(m -> m.path("mark").path("name").stringValue().equals("t1-s0")));
    List<String> marksAfter = call.received().subList(before, call.received().size()).stream()
        .filter(m -> m.path("event").stringValue().equals("mark")).map(m -> m.path("mark").path("name").stringValue()).toList();
    assertThat(marksAfter).containsExactly("t1-s0");
    call.close();
  }

  @Test
  void speechWhileTheAgentIsSilentIsNotABargeIn() {
    MediaStreamClient call = startCall();
    askQuestion(call);
    kafka().await(com.voiceagent.events.Utterance.class, u -> u.getCallSid().equals(call.callSid()));
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> call.events("clear").isEmpty()
        && kafka().all(TurnCancelled.class, c -> c.getCallSid().equals(call.callSid())).isEmpty());
    call.close();
  }
}
