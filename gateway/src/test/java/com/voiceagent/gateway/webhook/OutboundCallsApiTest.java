package com.voiceagent.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.twiliokit.TwilioSigner;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * POST /api/calls and its webhooks on the running gateway: only the calls client (CALLS_API_TOKEN) may place or look
 * up calls, a bad request is refused with a clear 400 before anything is spent, each client has its own budget, and
 * the answer and AMD webhooks refuse what Twilio did not sign.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboundCallsApiTest extends WebhookTestBase {
  private static final String VALID = "{\"to\":\"+972501234567\",\"context\":\"תזכורת לתור שלך מחר ב-9:30\"}";

  HttpResponse<String> placeCall(String bearer, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(direct("/api/calls")))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutATokenNoCallIsPlaced() throws Exception {
    HttpResponse<String> anonymous = placeCall(null, VALID);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(placeCall(CALLS_TOKEN + "x", VALID).statusCode()).isEqualTo(401);
  }

  @Test
  void theStatusReadersTokenMayNotPlaceCalls() throws Exception {
    HttpResponse<String> response = placeCall(API_TOKEN, VALID);
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("CALLS_API_TOKEN");
    assertThat(get("/api/calls/" + newCallSid(), API_TOKEN).statusCode()).isEqualTo(403);
  }

  @Test
  void aNumberThatIsNotE164IsRefusedWithAClearMessage() throws Exception {
    for (String to : new String[] {"0501234567", "+0501234567", "+97250-1234567", "+9725012345678901", "972501234567"}) {
      HttpResponse<String> response = placeCall(CALLS_TOKEN, "{\"to\":\"" + to + "\",\"context\":\"תזכורת\"}");
      assertThat(response.statusCode()).as(to).isEqualTo(400);
      assertThat(response.body()).as(to).contains("invalid_request").contains("E.164");
    }
  }

  @Test
  void aMissingContextOrBodyIsRefused() throws Exception {
    HttpResponse<String> noContext = placeCall(CALLS_TOKEN, "{\"to\":\"+972501234567\"}");
    assertThat(noContext.statusCode()).isEqualTo(400);
    assertThat(noContext.body()).contains("context");
    HttpResponse<String> tooLong = placeCall(CALLS_TOKEN, "{\"to\":\"+972501234567\",\"context\":\"" + "א".repeat(301) + "\"}");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(tooLong.body()).contains("301");
    assertThat(placeCall(CALLS_TOKEN, "").statusCode()).isEqualTo(400);
  }

  @Test
  void withoutACallerIdConfiguredAValidRequestIsRefusedAsUnavailable() throws Exception {
    // This gateway has no TWILIO_PHONE_NUMBER: a valid request is refused, never sent to Twilio half-configured.
    HttpResponse<String> response = placeCall(CALLS_TOKEN, VALID);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("TWILIO_PHONE_NUMBER");
  }

  @Test
  void anUnknownCallHasNoOutcome() throws Exception {
    HttpResponse<String> response = get("/api/calls/" + newCallSid(), CALLS_TOKEN);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(get("/api/calls/not-a-sid", CALLS_TOKEN).statusCode()).isEqualTo(400);
  }

  /** Last: it spends the calls client's budget (10 a minute), which the other tests of this class share. */
  @Test
  @Order(Integer.MAX_VALUE)
  void theCallsClientHasItsOwnBudgetThatStrangersCannotSpend() throws Exception {
    // Strangers are refused before the limiter, so they spend nothing of the client's budget...
    for (int i = 0; i < 15; i++) {
      assertThat(placeCall(null, VALID).statusCode()).isEqualTo(401);
    }
    // ...which the other tests used less than up: the client is still heard.
    assertThat(placeCall(CALLS_TOKEN, "{\"to\":\"bad\",\"context\":\"x\"}").statusCode()).isEqualTo(400);
    HttpResponse<String> refused = null;
    for (int i = 0; i < 15 && refused == null; i++) {
      HttpResponse<String> response = placeCall(CALLS_TOKEN, "{\"to\":\"bad\",\"context\":\"x\"}");
      if (response.statusCode() == 429) {
        refused = response;
      } else {
        assertThat(response.statusCode()).isEqualTo(400);
      }
    }
    assertThat(refused).as("the 11th request within a minute is refused").isNotNull();
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void unsignedOrForgedOutboundWebhooksAreRefused() throws Exception {
    Map<String, String> form = Map.of("CallSid", newCallSid(), "AccountSid", "AC" + "0".repeat(32),
        "AnsweredBy", "machine_end_beep");
    for (String path : new String[] {"/webhook/outbound_answer?context=x", "/webhook/outbound_amd?context=x"}) {
      assertThat(post(path, form, null).statusCode()).as(path + " unsigned").isEqualTo(403);
      assertThat(post(path, form, TwilioSigner.sign("another-token", direct(path), form)).statusCode())
          .as(path + " signed with another token").isEqualTo(403);
      // Signed over another context: the context is part of what Twilio signs.
      String other = path.replace("context=x", "context=y");
      assertThat(post(path, form, TwilioSigner.sign(TOKEN, direct(other), form)).statusCode())
          .as(path + " signed for another context").isEqualTo(403);
    }
  }

  @Test
  void aSignedAmdCallbackOfAHumanIsRecordedAsAnswered() throws Exception {
    String callSid = newCallSid();
    String path = "/webhook/outbound_amd?context=x";
    Map<String, String> form = Map.of("CallSid", callSid, "AccountSid", "AC" + "0".repeat(32), "AnsweredBy", "human");
    assertThat(postSigned(path, form).statusCode()).isEqualTo(204);
    HttpResponse<String> outcome = get("/api/calls/" + callSid, CALLS_TOKEN);
    assertThat(outcome.statusCode()).isEqualTo(200);
    assertThat(outcome.body()).contains("\"outcome\":\"answered\"").contains("\"answeredBy\":\"human\"");
  }
}
