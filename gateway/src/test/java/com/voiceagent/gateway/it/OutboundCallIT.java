package com.voiceagent.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.fixtures.TwilioRestFixture;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import com.voiceagent.twiliokit.media.StreamIds;
import com.voiceagent.twiliokit.media.StreamInstruction;
import com.voiceagent.twiliokit.media.TwilioDialer;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Outbound calls through the gateway and the Twilio REST fixture: POST /api/calls places the call with twilio-java
 * (asynchronous AMD, signed callbacks on our public host), the answered call's TwiML puts it on our stream with its
 * context, the context reaches STREAM_STARTED, an answering machine gets the voicemail and a hang-up, and every
 * outcome can be read back.
 */
class OutboundCallIT extends GatewayTestBase {
  static final String CALLEE = "+972501234567";
  static final String CONTEXT = "תזכורת לתור שלך מחר ב-9:30";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @AfterEach
  void twilioForgets() {
    TWILIO.reset();
  }

  HttpResponse<String> placeCall(String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/calls"))
        .header("Authorization", "Bearer " + CALLS_TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  String outcome(String callSid) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/calls/" + callSid))
        .header("Authorization", "Bearer " + CALLS_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  TwilioDialer twilio() {
    return new TwilioDialer("localhost:" + port, "gateway.example.test", AUTH_TOKEN);
  }

  TwilioRestFixture.PlacedCall placed() throws Exception {
    HttpResponse<String> response = placeCall("{\"to\":\"" + CALLEE + "\",\"context\":\"" + CONTEXT + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    TwilioRestFixture.PlacedCall placed = TWILIO.placedCalls().getLast();
    assertThat(response.body()).contains("\"callSid\":\"" + placed.callSid() + "\"").contains("\"outcome\":\"placed\"");
    return placed;
  }

  @Test
  void aCallIsPlacedWithAsynchronousMachineDetectionAndSignedCallbacksOnThePublicHost() throws Exception {
    TwilioRestFixture.PlacedCall placed = placed();
    Map<String, String> form = placed.form();
    assertThat(form).containsEntry("To", CALLEE).containsEntry("From", OUR_NUMBER).containsEntry("Method", "POST")
        .containsEntry("MachineDetection", "DetectMessageEnd").containsEntry("AsyncAmd", "true")
        .containsEntry("AsyncAmdStatusCallbackMethod", "POST")
        .containsEntry("StatusCallback", "https://gateway.example.test/webhook/call_status");
    assertThat(form.get("Url")).startsWith("https://gateway.example.test/webhook/outbound_answer?context=");
    assertThat(form.get("AsyncAmdStatusCallback")).startsWith("https://gateway.example.test/webhook/outbound_amd?context=");
    assertThat(URLDecoder.decode(URI.create(form.get("Url")).getRawQuery(), StandardCharsets.UTF_8)).isEqualTo("context=" + CONTEXT);
    assertThat(outcome(placed.callSid())).contains("\"outcome\":\"placed\"");
  }

  @Test
  void theAnsweredCallIsStreamedWithItsContextWhichReachesTheStreamStart() throws Exception {
    TwilioRestFixture.PlacedCall placed = placed();
    StreamIds ids = StreamIds.forCall(ACCOUNT_SID, placed.callSid());
    StreamInstruction stream = twilio().answerOutbound(URI.create(placed.form().get("Url")), ids, OUR_NUMBER, CALLEE);
    assertThat(stream.parameters()).containsEntry("context", CONTEXT).containsKey("token");
    try (MediaStreamClient call = twilio().connect(stream, ids)) {
      CallLifecycle started = kafka().await(CallLifecycle.class,
          e -> e.getCallSid().equals(placed.callSid()) && e.getKind() == CallLifecycleKind.STREAM_STARTED);
      assertThat(started.getOutboundContext()).isEqualTo(CONTEXT);
      assertThat(started.getAttributes()).doesNotContainKeys("context", "token");
    }
  }

  @Test
  void anAnsweringMachineGetsTheVoicemailAfterTheBeepThenTheCallHangsUp() throws Exception {
    TwilioRestFixture.PlacedCall placed = placed();
    StreamIds ids = StreamIds.forCall(ACCOUNT_SID, placed.callSid());
    assertThat(twilio().callback(URI.create(placed.form().get("AsyncAmdStatusCallback")), ids, OUR_NUMBER, CALLEE,
        Map.of("AnsweredBy", "machine_end_beep", "MachineDetectionDuration", "4200"))).isEqualTo(204);

    await().atMost(Duration.ofSeconds(10)).until(() -> !TWILIO.callUpdates(placed.callSid()).isEmpty());
    String twiml = TWILIO.callUpdates(placed.callSid()).getFirst().form().get("Twiml");
    assertThat(twiml).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
        + "<Say language=\"he-IL\" voice=\"Google.he-IL-Standard-A\">שלום, זו הודעה עבורך: " + CONTEXT
        + ". תודה ולהתראות.</Say><Hangup/></Response>");
    assertThat(outcome(placed.callSid())).contains("\"outcome\":\"machine\"").contains("\"answeredBy\":\"machine_end_beep\"");

    // The call then completes: still a machine, and the outcome is on call.lifecycle for analysts.
    twilio().callback(URI.create(placed.form().get("StatusCallback")), ids, OUR_NUMBER, CALLEE,
        Map.of("CallStatus", "completed", "SequenceNumber", "3"));
    assertThat(outcome(placed.callSid())).contains("\"outcome\":\"machine\"").contains("\"callStatus\":\"completed\"");
    CallLifecycle completed = kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(placed.callSid())
        && "completed".equals(e.getCallStatus()));
    assertThat(completed.getAttributes()).containsEntry("outcome", "machine");
  }

  @Test
  void aMachineStillSpeakingItsGreetingIsNotLeftAMessageYet() throws Exception {
    TwilioRestFixture.PlacedCall placed = placed();
    StreamIds ids = StreamIds.forCall(ACCOUNT_SID, placed.callSid());
    twilio().callback(URI.create(placed.form().get("AsyncAmdStatusCallback")), ids, OUR_NUMBER, CALLEE,
        Map.of("AnsweredBy", "machine_start"));
    assertThat(outcome(placed.callSid())).contains("\"outcome\":\"machine\"");
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> TWILIO.callUpdates(placed.callSid()).isEmpty());
  }

  @Test
  void busyNoAnswerAndFailedCallsAreRecordedAsSuch() throws Exception {
    for (String status : new String[] {"busy", "no-answer", "failed"}) {
      TwilioRestFixture.PlacedCall placed = placed();
      StreamIds ids = StreamIds.forCall(ACCOUNT_SID, placed.callSid());
      twilio().callback(URI.create(placed.form().get("StatusCallback")), ids, OUR_NUMBER, CALLEE,
          Map.of("CallStatus", "ringing", "SequenceNumber", "1"));
      twilio().callback(URI.create(placed.form().get("StatusCallback")), ids, OUR_NUMBER, CALLEE,
          Map.of("CallStatus", status, "SequenceNumber", "2"));
      assertThat(outcome(placed.callSid())).as(status).contains("\"outcome\":\"" + status + "\"");
      CallLifecycle event = kafka().await(CallLifecycle.class, e -> e.getCallSid().equals(placed.callSid())
          && status.equals(e.getCallStatus()));
      assertThat(event.getAttributes()).containsEntry("outcome", status);
    }
  }

  @Test
  void aHumanIsAnsweredAndTwilioRefusingTheCallIsA502() throws Exception {
    TwilioRestFixture.PlacedCall placed = placed();
    StreamIds ids = StreamIds.forCall(ACCOUNT_SID, placed.callSid());
    twilio().callback(URI.create(placed.form().get("StatusCallback")), ids, OUR_NUMBER, CALLEE,
        Map.of("CallStatus", "in-progress", "SequenceNumber", "2"));
    twilio().callback(URI.create(placed.form().get("AsyncAmdStatusCallback")), ids, OUR_NUMBER, CALLEE,
        Map.of("AnsweredBy", "human"));
    assertThat(outcome(placed.callSid())).contains("\"outcome\":\"answered\"");
    assertThat(TWILIO.callUpdates(placed.callSid())).isEmpty();

    TWILIO.failNext(TwilioRestFixture.Endpoint.CALL_CREATE, 1,
        TwilioRestFixture.Fault.error(400, 21211, "The 'To' number is not a valid phone number."));
    HttpResponse<String> refused = placeCall("{\"to\":\"" + CALLEE + "\",\"context\":\"" + CONTEXT + "\"}");
    assertThat(refused.statusCode()).isEqualTo(502);
    assertThat(refused.body()).contains("twilio_failed");
  }
}
