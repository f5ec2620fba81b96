package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.StreamEndReason;
import com.voiceagent.events.Utterance;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call survives losing its stream: it resumes on a new stream through the TwiML's Redirect, with its turns
 * numbered after the old ones and the lost-turn phrase; a turn without a reply gets the holding phrase.
 */
class FailoverIT extends GatewayTestBase {

  @BeforeEach
  void phrasesSpoken() {
    speakTheGatewaysPhrases();
  }

  @Test
  void aTurnWithoutAReplyWithinItsBudgetGetsTheHoldingPhraseAndTheLateReplyStillPlays() throws Exception {
    MediaStreamClient call = startCall();
    Utterance turn = askAndAwaitTheHoldingPhrase(call);
    assertThat(call.count("media")).as("the holding phrase's audio").isPositive();

    sendReply(call.callSid(), turn.getTurn(), 0, true, false, "התשובה", tone(200));
    await().atMost(Duration.ofSeconds(10)).until(() -> call.hasMark("t" + turn.getTurn() + "-s0"));
    call.close();
  }

  @Test
  void speakingOverTheHoldingPhraseCancelsTheAwaitedReplySoItNeverStartsWhileTheCallerTalks() throws Exception {
    MediaStreamClient call = startCall();
    Utterance turn = askAndAwaitTheHoldingPhrase(call);

    call.media(hebrewQuestion()); // "hello? are you there?" over the holding phrase

    await().atMost(Duration.ofSeconds(10)).until(() -> !call.events("clear").isEmpty());
    com.voiceagent.events.TurnCancelled cancelled = kafka().await(com.voiceagent.events.TurnCancelled.class,
        c -> c.getCallSid().equals(call.callSid()));
    assertThat(cancelled.getTurn()).isEqualTo(turn.getTurn());
    assertThat(cancelled.getReason()).isEqualTo(com.voiceagent.events.CancelReason.BARGE_IN);
    assertThat(cancelled.getHeardSegments()).isZero();

    // The late reply to the question arrives while the caller is still talking: it is not played.
    int mediaBefore = call.count("media");
    sendReply(call.callSid(), turn.getTurn(), 0, true, false, "התשובה", tone(200));
    call.silence(1000); // the caller stops: what they said is the next turn
    Utterance next = kafka().await(Utterance.class, u -> u.getCallSid().equals(call.callSid())
        && u.getTurn() > turn.getTurn());
    sendReply(call.callSid(), next.getTurn(), 0, true, false, "כן, אני כאן", tone(200));
    await().atMost(Duration.ofSeconds(10)).until(() -> call.hasMark("t" + next.getTurn() + "-s0"));
    assertThat(call.hasMark("t" + turn.getTurn() + "-s0")).as("the cancelled reply never played").isFalse();
    assertThat(call.count("media")).isGreaterThan(mediaBefore);
    call.close();
  }

  /** The caller asks; nothing answers, so 2.5 s after they stopped the gateway says its holding phrase. */
  private Utterance askAndAwaitTheHoldingPhrase(MediaStreamClient call) {
    askQuestion(call);
    Utterance turn = kafka().await(Utterance.class, u -> u.getCallSid().equals(call.callSid()));
    await().atMost(Duration.ofSeconds(8)).until(() -> call.events("mark").stream()
        .anyMatch(m -> m.path("mark").path("name").asString("").startsWith("own-hold-")));
    return turn;
  }

  @Test
  void aCallWhoseStreamBrokeResumesWithItsTurnsAfterTheOldOnesAndHearsTheLostTurnPhrase() throws Exception {
    String callSid = newCallSid();
    TwimlAnswer answer = TwimlAnswer.parse(post("/webhook/incoming_call", "CallSid=" + callSid + "&AccountSid=" + ACCOUNT_SID));
    MediaStreamClient first = connectStream(callSid).connected().start(Map.of("token", answer.token()));
    askQuestion(first);
    Utterance before = kafka().await(Utterance.class, u -> u.getCallSid().equals(callSid));
    first.breakConnection(); // the socket breaks mid-turn

    kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(callSid) && e.getKind() == CallLifecycleKind.STREAM_STOPPED);
    URI redirect = URI.create(answer.redirectUrl());
    TwimlAnswer resumed = TwimlAnswer.parse(post(redirect.getRawPath() + "?" + redirect.getRawQuery(),
        "CallSid=" + callSid + "&AccountSid=" + ACCOUNT_SID + "&CallStatus=in-progress"));
    MediaStreamClient second = connectStream(callSid).connected().start(Map.of("token", resumed.token()));

    await().atMost(Duration.ofSeconds(5)).until(() -> second.events("mark").stream()
        .anyMatch(m -> m.path("mark").path("name").asString("").startsWith("own-resumed-")));
    CallLifecycle started = kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(callSid)
        && e.getKind() == CallLifecycleKind.STREAM_STARTED && e.getStreamSid().equals(second.streamSid()));
    assertThat(started.getResumedAfter()).isEqualTo(StreamEndReason.LOST);
    assertThat(started.getTurn()).isGreaterThanOrEqualTo(before.getTurn());
    askQuestion(second);
    Utterance after = kafka().await(Utterance.class, u -> u.getCallSid().equals(callSid)
        && u.getStreamSid().equals(second.streamSid()));
    assertThat(after.getTurn()).as("no turn number is used twice in one call").isGreaterThan(before.getTurn());
    second.close();
  }

  @Test
  void theAgentHangingUpEndsTheCallInsteadOfResumingIt() throws Exception {
    String callSid = newCallSid();
    TwimlAnswer answer = TwimlAnswer.parse(post("/webhook/incoming_call", "CallSid=" + callSid + "&AccountSid=" + ACCOUNT_SID));
    MediaStreamClient call = connectStream(callSid).connected().start(Map.of("token", answer.token()));
    call.stop(); // Twilio's stop: the call ended or was re-pointed on purpose
    assertThat(call.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(callSid) && e.getKind() == CallLifecycleKind.STREAM_STOPPED
        && e.getStreamEndReason() == StreamEndReason.STOPPED);

    URI redirect = URI.create(answer.redirectUrl());
    TwimlAnswer after = TwimlAnswer.parse(post(redirect.getRawPath() + "?" + redirect.getRawQuery(),
        "CallSid=" + callSid + "&AccountSid=" + ACCOUNT_SID + "&CallStatus=in-progress"));
    assertThat(after.hangsUp()).isTrue();
  }

  private String post(String path, String form) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }
}
