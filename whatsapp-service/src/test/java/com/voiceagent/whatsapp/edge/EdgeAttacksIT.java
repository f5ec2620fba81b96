package com.voiceagent.whatsapp.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.whatsapp.support.TwilioAccount;
import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import com.voiceagent.twiliokit.TwilioSigner;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the running whatsapp-service's edge: real HTTP, real PostgreSQL and Kafka. The settings come
 * in under their environment variables' names (WhatsAppIntegrationTest), as an operator sets them.
 */
class EdgeAttacksIT extends WhatsAppIntegrationTest {

  private HttpResponse<String> preflight(String origin, String method) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/whatsapp/send"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin).header("Access-Control-Request-Method", method)
        .header("Access-Control-Request-Headers", "authorization, content-type, idempotency-key").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBrowserPreflightFromAListedOriginToTheSendApiSucceeds() throws Exception {
    HttpResponse<String> response = preflight(BROWSER_ORIGIN, "POST");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(BROWSER_ORIGIN);
    assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
  }

  @Test
  void aBrowserPreflightFromAnotherOriginIsRefused() throws Exception {
    HttpResponse<String> response = preflight("https://evil.example.net", "POST");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void unauthenticatedRequestsCannotSpendAClientsBudgetAndClientsDoNotShareOne() {
    String path = "/api/whatsapp/conversations/+972501234567";
    for (int i = 0; i < 30; i++) {
      assertThat(get(path, i % 2 == 0 ? null : "stranger-token-" + i).statusCode()).isEqualTo(401);
    }
    // The budget is 3 per minute and client: client A still has all of it, then runs out alone.
    for (int i = 0; i < 3; i++) {
      assertThat(get(path, BUDGET_CLIENT_A).statusCode()).isEqualTo(200);
    }
    int status = 0;
    for (int i = 0; i < 3 && status != 429; i++) {
      status = get(path, BUDGET_CLIENT_A).statusCode();
    }
    assertThat(status).isEqualTo(429);
    assertThat(get(path, BUDGET_CLIENT_B).statusCode()).isEqualTo(200);
  }

  @Test
  void aCapturedInboundWebhookWithASecondMessageSidAppendedIsRefusedAndNotRecorded() {
    String sid = newMessageSid();
    Map<String, String> captured = inboundForm(sid, newCustomer(), "שלום");
    String url = "https://" + PUBLIC_HOST + "/webhook/whatsapp/incoming";
    String signature = TwilioSigner.sign(TwilioAccount.AUTH_TOKEN, url, captured);
    HttpResponse<String> forged = postBody("/webhook/whatsapp/incoming", encode(captured) + "&MessageSid=SMOTHER", signature);
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(jdbc.sql("select count(*) from inbound_message where message_sid like ?").param(sid + "%")
        .query(Integer.class).single()).isZero();
  }

  @Test
  void aRepeatedStatusCallbackIsAnsweredEveryTimeAndKeptOnce() {
    String sid = newMessageSid();
    Map<String, String> callback = Map.of("MessageSid", sid, "MessageStatus", "delivered", "To", newCustomer(),
        "AccountSid", TwilioAccount.ACCOUNT_SID);
    for (int i = 0; i < 10; i++) {
      assertThat(postSigned("/webhook/whatsapp/status", callback).statusCode()).isEqualTo(200);
    }
    assertThat(jdbc.sql("select count(*) from status_event where message_sid = ?").param(sid).query(Integer.class).single())
        .isEqualTo(1);
  }
}
