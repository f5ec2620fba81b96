package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.fixtures.TwilioRestFixture;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Handing a call to a person: once the caller has heard the transfer phrase, the live call is updated over Twilio's
 * REST API with TwiML that dials TRANSFER_NUMBER; a transfer nobody took brings the call back to the agent.
 */
class TransferIT extends GatewayTestBase {

  @BeforeEach
  void phrasesSpoken() {
    speakTheGatewaysPhrases();
  }

  @AfterEach
  void twilioAnswersAgain() {
    TWILIO.reset();
  }

  @Test
  void afterTheTransferPhraseIsHeardTheCallIsUpdatedWithDialTwimlForThePerson() {
    MediaStreamClient call = startCall();
    sendTransferPhrase(call.callSid(), 2, "אני מעבירה אתכם לנציג, רק רגע.", tone(300));
    await().atMost(Duration.ofSeconds(30)).until(() -> call.hasMark("t2-s0"));
    // Still playing as far as the caller is concerned: nothing is dialled before the phrase was heard.
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> TWILIO.callUpdates(call.callSid()).isEmpty());

    call.mark("t2-s0");
    await().atMost(Duration.ofSeconds(30)).until(() -> !TWILIO.callUpdates(call.callSid()).isEmpty());
    TwilioRestFixture.Request update = TWILIO.callUpdates(call.callSid()).getFirst();
    assertThat(update.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls/" + call.callSid() + ".json");
    assertThat(update.form()).doesNotContainKey("Status");
    assertThat(update.form().get("Twiml")).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
        + "<Dial action=\"https://gateway.example.test/webhook/transfer_ended\" callerId=\"+97239998888\" method=\"POST\" timeout=\"25\">"
        + "<Number>" + TRANSFER_NUMBER + "</Number></Dial></Response>");

    CallLifecycle transferred = kafka().await(CallLifecycle.class,
        e -> e.getCallSid().equals(call.callSid()) && e.getKind() == CallLifecycleKind.TRANSFERRED);
    assertThat(transferred.getStreamSid()).isEqualTo(call.streamSid());
    call.close();
  }

  @Test
  void whenTwilioRefusesTheUpdateTheCallerHearsThatAndStaysWithTheAgent() {
    TWILIO.fail(TwilioRestFixture.Endpoint.CALL_UPDATE, TwilioRestFixture.Fault.dropConnection());
    MediaStreamClient call = startCall();
    sendTransferPhrase(call.callSid(), 1, "אני מעבירה אתכם לנציג, רק רגע.", tone(200));
    await().atMost(Duration.ofSeconds(30)).until(() -> call.hasMark("t1-s0"));
    call.mark("t1-s0");

    await().atMost(Duration.ofSeconds(30)).until(() -> call.events("mark").stream()
        .anyMatch(m -> m.path("mark").path("name").asString("").startsWith("own-transfer_failed-")));
    assertThat(TWILIO.callUpdates(call.callSid())).as("Twilio was tried").isNotEmpty();
    assertThat(call.isOpen()).isTrue();
    call.close();
  }

  @Test
  void aTransferThePersonAnsweredEndsWithTheirCall() throws Exception {
    HttpResponse<String> answer = transferEnded(newCallSid(), "completed");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("<Hangup/>").doesNotContain("<Connect");
  }

  @Test
  void aTransferNobodyTookComesBackToTheAgentWhoSaysSo() throws Exception {
    String callSid = newCallSid();
    HttpResponse<String> answer = transferEnded(callSid, "no-answer");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("<Parameter name=\"after\" value=\"transfer-unanswered\"/>");
    TwimlAnswer twiml = TwimlAnswer.parse(answer.body());
    assertThat(twiml.streamUrl()).isEqualTo("wss://gateway.example.test/ws/twilio-media");

    // Twilio opens the new stream with the TwiML's parameters: the gateway says the unanswered-transfer phrase.
    MediaStreamClient call = connectStream(callSid);
    call.connected().start(Map.of("token", twiml.token(), "after", "transfer-unanswered"));
    await().atMost(Duration.ofSeconds(30)).until(() -> call.events("mark").stream()
        .anyMatch(m -> m.path("mark").path("name").asString("").startsWith("own-transfer_unanswered-")));
    assertThat(call.count("media")).isPositive();
    CallLifecycle outcome = kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(callSid)
        && e.getKind() == CallLifecycleKind.CALL_STATUS && "transfer-ended".equals(e.getAttributes().get("callback")));
    assertThat(outcome.getAttributes()).containsEntry("DialCallStatus", "no-answer");
    call.close();
  }

  private HttpResponse<String> transferEnded(String callSid, String dialCallStatus) throws Exception {
    Map<String, String> form = Map.of("CallSid", callSid, "AccountSid", ACCOUNT_SID, "DialCallStatus", dialCallStatus,
        "DialCallSid", "CA" + "1".repeat(32));
    String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhook/transfer_ended"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
