package com.voiceagent.whatsapp.outbox;

import static com.voiceagent.whatsapp.support.TwilioAccount.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sender whose claim was taken over while Twilio was answering (the process stalled past its lease, and
 * another instance claimed the row): its completing update is fenced and changes nothing, the API still
 * answers "sent" with Twilio's SID, and the row's new owner finds the message at Twilio instead of sending it
 * again.
 */
class OutboxFencingIT extends WhatsAppIntegrationTest {
  final JsonMapper json = JsonMapper.builder().build();

  Map<String, Object> row(String key) {
    return jdbc.sql("select state, attempts, message_sid from outbound_message where idempotency_key = ?").param(key)
        .query().singleRow();
  }

  @Test
  void aSendWhoseRowWasTakenOverMeanwhileIsAnsweredAsSentAndTheNewOwnerDoesNotSendItAgain() throws Exception {
    String customer = newCustomer();
    OutboxInstances.customerWrote(jdbc, customer);
    String key = "fenced-" + customer;
    TWILIO.delayAnswers(Duration.ofMillis(1500));

    CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> postJson("/api/whatsapp/send",
        "{\"to\":\"" + customer + "\",\"body\":\"taken over\"}", API_TOKEN, Map.of("Idempotency-Key", key)));
    await().atMost(Duration.ofSeconds(5)).until(() -> !TWILIO.sendsTo(customer).isEmpty());
    // Twilio is answering; meanwhile another instance claims the row (attempt 2, its own lease of 2 s).
    int taken = jdbc.sql("""
        update outbound_message set attempts = attempts + 1, lease_until = ?, in_doubt_since = attempt_started_at
        where idempotency_key = ? and state = 'sending'""")
        .params(Timestamp.from(Instant.now().plusSeconds(2)), "api:" + key).update();
    assertThat(taken).isEqualTo(1);

    HttpResponse<String> response = answer.get();
    JsonNode body = json.readTree(response.body());
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(body.get("sid").asString()).isEqualTo(TWILIO.acceptedSidsTo(customer).getFirst());
    // The stale sender changed nothing: the row is still the new owner's.
    assertThat(row("api:" + key)).containsEntry("state", "sending").containsEntry("attempts", 2).containsEntry("message_sid", null);

    TWILIO.delayAnswers(Duration.ZERO);
    // The new owner's lease runs out, the relay takes the row over, looks it up and finds Twilio's message.
    await().atMost(Duration.ofSeconds(20)).until(() -> "sent".equals(row("api:" + key).get("state")));
    assertThat(row("api:" + key)).containsEntry("message_sid", body.get("sid").asString());
    assertThat(TWILIO.lookupsFor(customer)).isNotEmpty();
    assertThat(TWILIO.sendsTo(customer)).hasSize(1);
    assertThat(TWILIO.acceptedSidsTo(customer)).hasSize(1);
  }
}
