package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.TwilioRestFixture;
import com.voiceagent.schemas.Topics;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import com.voiceagent.twiliokit.media.StreamIds;
import com.voiceagent.twiliokit.media.StreamInstruction;
import com.voiceagent.twiliokit.media.TwilioDialer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Outbound calls through the whole system: POST /api/calls places the call with twilio-java against the Twilio REST
 * fixture; the test kit plays Twilio's side (the signed answer webhook, the media stream its TwiML asks for, the
 * signed status and AMD callbacks). A person who answers hears the agent first, opening from the call's context (the
 * LLM fixture is told the context in its instructions); an answering machine gets the Hebrew voicemail after the
 * beep and the call hangs up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboundCallEndToEndIT {
  static final String CALLS_TOKEN = "e2e-calls-api-token-0123456789";
  static final String CALLEE = "+972501234567";
  static final String CONTEXT = "תזכורת לתור שלך מחר ב-9:30";
  static final String OPENING = "שלום, כאן המרפאה. רצינו להזכיר לך את התור שלך מחר בתשע וחצי.";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  Stack stack;
  TwilioRestFixture twilio;

  @BeforeAll
  void startTheStack() throws Exception {
    stack = new Stack(LatencyModel.instant());
    twilio = TwilioRestFixture.start(Stack.ACCOUNT_SID, stack.authToken);
    stack.withEnv("TWILIO_ACCOUNT_SID", Stack.ACCOUNT_SID).withEnv("TWILIO_API_BASE_URL", twilio.baseUrl())
        .withEnv("CALLS_API_TOKEN", CALLS_TOKEN).withEnv("TWILIO_PHONE_NUMBER", Stack.NUMBER)
        // A cold dialog JVM on a loaded machine may miss the 4 s first-sentence budget and open with the scripted
        // fallback; this test checks what the LLM was told and said, not its latency.
        .withEnv("DIALOG_TIMEOUT", "20s")
        .withGateway("gw-a").withStages().awaitStarted();
    // The model opens the call when told the customer answered (the opening's stage direction).
    stack.openAi.onChat("[הלקוח ענה לשיחה שלנו]", exchange -> exchange.stream("שלום, כאן המרפאה. ",
        "רצינו להזכיר לך את התור שלך מחר בתשע וחצי."));
  }

  @AfterAll
  void stopTheStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (twilio != null) {
      twilio.close();
    }
  }

  @Test
  void aPlacedCallAnsweredByAPersonIsOpenedByTheAgentFromItsContext() throws Exception {
    TwilioRestFixture.PlacedCall placed = place();
    StreamIds ids = StreamIds.forCall(Stack.ACCOUNT_SID, placed.callSid());
    TwilioDialer dialer = stack.dialer("gw-a");
    StreamInstruction stream = dialer.answerOutbound(URI.create(placed.form().get("Url")), ids, Stack.NUMBER, CALLEE);
    assertThat(dialer.callback(URI.create(placed.form().get("StatusCallback")), ids, Stack.NUMBER, CALLEE,
        Map.of("CallStatus", "in-progress", "SequenceNumber", "2"))).isEqualTo(204);
    try (MediaStreamClient call = dialer.connect(stream, ids).startLine()) {
      // The person says nothing: the agent speaks first, and the caller hears all of it.
      await().atMost(Duration.ofSeconds(60)).until(() -> lastSegment(placed.callSid(), 0) != null
          && call.hasMark("t0-s" + lastSegment(placed.callSid(), 0).getSeq()));
      assertThat(text(placed.callSid(), 0)).isEqualTo(OPENING);
      assertThat(stack.openAi.chatRequestContaining("[הלקוח ענה לשיחה שלנו]").toString())
          .as("the model was told why we call").contains(CONTEXT);
      // Not the business's greeting: the opening replaced it.
      assertThat(segments(placed.callSid(), 0)).noneMatch(s -> s.getText().contains("הגעתם"));

      assertThat(dialer.callback(URI.create(placed.form().get("AsyncAmdStatusCallback")), ids, Stack.NUMBER, CALLEE,
          Map.of("AnsweredBy", "human", "MachineDetectionDuration", "2100"))).isEqualTo(204);
      assertThat(outcome(placed.callSid())).contains("\"outcome\":\"answered\"");
      assertThat(twilio.callUpdates(placed.callSid())).as("a person is not left a voicemail").isEmpty();
    }
  }

  @Test
  void anAnsweringMachineGetsTheVoicemailAfterTheBeepAndTheCallHangsUp() throws Exception {
    TwilioRestFixture.PlacedCall placed = place();
    StreamIds ids = StreamIds.forCall(Stack.ACCOUNT_SID, placed.callSid());
    TwilioDialer dialer = stack.dialer("gw-a");
    StreamInstruction stream = dialer.answerOutbound(URI.create(placed.form().get("Url")), ids, Stack.NUMBER, CALLEE);
    try (MediaStreamClient call = dialer.connect(stream, ids).startLine()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> lastSegment(placed.callSid(), 0) != null);
      // The machine's greeting ended with a beep.
      assertThat(dialer.callback(URI.create(placed.form().get("AsyncAmdStatusCallback")), ids, Stack.NUMBER, CALLEE,
          Map.of("AnsweredBy", "machine_end_beep", "MachineDetectionDuration", "5200"))).isEqualTo(204);
      await().atMost(Duration.ofSeconds(30)).until(() -> !twilio.callUpdates(placed.callSid()).isEmpty());
      String twiml = twilio.callUpdates(placed.callSid()).getFirst().form().get("Twiml");
      assertThat(twiml).contains("<Say language=\"he-IL\"").contains(CONTEXT).endsWith("<Hangup/></Response>");
      // Twilio runs the new TwiML: the stream stops, then the call completes.
      call.stop();
      dialer.callback(URI.create(placed.form().get("StatusCallback")), ids, Stack.NUMBER, CALLEE,
          Map.of("CallStatus", "completed", "SequenceNumber", "3", "CallDuration", "14"));
      assertThat(outcome(placed.callSid())).contains("\"outcome\":\"machine\"").contains("\"answeredBy\":\"machine_end_beep\"");
      await().atMost(Duration.ofSeconds(30)).until(() -> lifecycle(placed.callSid()).stream()
          .anyMatch(e -> "completed".equals(e.getCallStatus()) && "machine".equals(e.getAttributes().get("outcome"))));
      assertThat(lifecycle(placed.callSid())).anySatisfy(e -> {
        assertThat(e.getKind()).isEqualTo(CallLifecycleKind.STREAM_STARTED);
        assertThat(e.getOutboundContext()).isEqualTo(CONTEXT);
      });
    }
  }

  private TwilioRestFixture.PlacedCall place() throws Exception {
    int before = twilio.placedCalls().size();
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(api("/api/calls"))
        .header("Authorization", "Bearer " + CALLS_TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + CALLEE + "\",\"context\":\"" + CONTEXT + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(twilio.placedCalls()).hasSize(before + 1);
    TwilioRestFixture.PlacedCall placed = twilio.placedCalls().getLast();
    assertThat(response.body()).contains(placed.callSid());
    assertThat(placed.form()).containsEntry("To", CALLEE).containsEntry("From", Stack.NUMBER)
        .containsEntry("MachineDetection", "DetectMessageEnd").containsEntry("AsyncAmd", "true");
    return placed;
  }

  private String outcome(String callSid) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(api("/api/calls/" + callSid))
        .header("Authorization", "Bearer " + CALLS_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private URI api(String path) {
    return URI.create("http://localhost:" + stack.gatewayPort("gw-a") + path);
  }

  private List<CallLifecycle> lifecycle(String callSid) {
    return TopicReader.readAll(stack.bootstrapServers(), Topics.CALL_LIFECYCLE.name(), Topics.CALL_LIFECYCLE.serde()).stream()
        .filter(r -> callSid.equals(r.key())).map(ConsumerRecord::value).toList();
  }

  private List<ReplySegment> segments(String callSid, int turn) {
    return TopicReader.readAll(stack.bootstrapServers(), Topics.REPLIES.name(), Topics.REPLIES.serde()).stream()
        .filter(r -> callSid.equals(r.key()) && r.value().getTurn() == turn).map(ConsumerRecord::value)
        .sorted(Comparator.comparingInt(ReplySegment::getSeq)).toList();
  }

  private ReplySegment lastSegment(String callSid, int turn) {
    return segments(callSid, turn).stream().filter(ReplySegment::getLast).findFirst().orElse(null);
  }

  private String text(String callSid, int turn) {
    return String.join(" ", segments(callSid, turn).stream().map(ReplySegment::getText).filter(t -> !t.isEmpty()).toList());
  }
}
