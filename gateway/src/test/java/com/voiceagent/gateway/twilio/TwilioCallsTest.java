package com.voiceagent.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.edge.TwilioProperties;
import com.voiceagent.fixtures.TwilioRestFixture;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real twilio-java code path against the local fixture that speaks Twilio's REST protocol. */
class TwilioCallsTest {
  private static final String ACCOUNT_SID = "AC00000000000000000000000000000000";
  private final TwilioRestFixture fixture = TwilioRestFixture.start(ACCOUNT_SID, "token-1");

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void completingACallPostsStatusCompletedToTheCallResource() {
    TwilioCalls calls = TwilioCalls.from(new TwilioProperties(ACCOUNT_SID, "token-1", fixture.baseUrl(), null, null));
    calls.complete("CA0123456789abcdef0123456789abcdef");
    TwilioRestFixture.Request request = fixture.requests().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path())
        .isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls/CA0123456789abcdef0123456789abcdef.json");
    assertThat(request.form()).containsEntry("Status", "completed");
    assertThat(request.authorization()).startsWith("Basic ");
  }

  @Test
  void placingACallCreatesItWithAsynchronousMachineDetectionAndReturnsTwiliosCallSid() throws Exception {
    TwilioCalls calls = TwilioCalls.from(new TwilioProperties(ACCOUNT_SID, "token-1", fixture.baseUrl(), null, null));
    String callSid = calls.place(new CallPlacer.Placement("+972501234567", "+97231234567",
        URI.create("https://voice.example.test/webhook/outbound_answer?context=x"),
        URI.create("https://voice.example.test/webhook/call_status"),
        URI.create("https://voice.example.test/webhook/outbound_amd?context=x")));
    TwilioRestFixture.PlacedCall placed = fixture.placedCalls().getFirst();
    assertThat(callSid).isEqualTo(placed.callSid()).matches("CA[0-9a-f]{32}");
    assertThat(fixture.requests().getFirst().path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls.json");
    assertThat(placed.form()).containsEntry("To", "+972501234567").containsEntry("From", "+97231234567")
        .containsEntry("Url", "https://voice.example.test/webhook/outbound_answer?context=x").containsEntry("Method", "POST")
        .containsEntry("MachineDetection", "DetectMessageEnd").containsEntry("AsyncAmd", "true")
        .containsEntry("AsyncAmdStatusCallback", "https://voice.example.test/webhook/outbound_amd?context=x")
        .containsEntry("StatusCallback", "https://voice.example.test/webhook/call_status");
  }

  @Test
  void aCallTwilioRefusesFailsWithTwiliosMessage() {
    fixture.fail(TwilioRestFixture.Endpoint.CALL_CREATE, TwilioRestFixture.Fault.error(400, 21215,
        "Account not authorized to call +972501234567"));
    TwilioCalls calls = TwilioCalls.from(new TwilioProperties(ACCOUNT_SID, "token-1", fixture.baseUrl(), null, null));
    assertThatThrownBy(() -> calls.place(new CallPlacer.Placement("+972501234567", "+97231234567",
        URI.create("https://a.test/x"), URI.create("https://a.test/y"), URI.create("https://a.test/z"))))
        .hasMessageContaining("Account not authorized");
  }

  @Test
  void withoutCredentialsCompletingACallFails() {
    TwilioCalls calls = TwilioCalls.from(new TwilioProperties("", "", "", null, null));
    assertThatThrownBy(() -> calls.complete("CA1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Twilio is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)");
  }

  @Test
  void anUnreachableApiFails() {
    String base = fixture.baseUrl();
    fixture.close();
    TwilioCalls calls = TwilioCalls.from(new TwilioProperties(ACCOUNT_SID, "token-1", base, null, null));
    assertThatThrownBy(() -> calls.complete("CA1")).isInstanceOf(RuntimeException.class);
  }
}
