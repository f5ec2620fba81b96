package com.voiceagent.whatsapp.send;

import static com.voiceagent.fixtures.TwilioRestFixture.Endpoint.MESSAGE_SEND;
import static com.voiceagent.whatsapp.support.TwilioAccount.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.fixtures.TwilioRestFixture.Fault;
import com.voiceagent.whatsapp.inbound.InboundMessages;
import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SendApiIT extends WhatsAppIntegrationTest {
  static final String SEND = "/api/whatsapp/send";
  static final String TEMPLATE = "/api/whatsapp/send/template";
  static final String CONTENT_SID = "HX0123456789abcdef0123456789abcdef";

  @Autowired InboundMessages inbound;
  final JsonMapper json = JsonMapper.builder().build();

  /** The customer wrote to us {@code ago}: their window is open for 24 h after that. */
  String customerWhoWrote(Duration ago) {
    String customer = newCustomer();
    inbound.insert(WhatsAppInbound.newBuilder().setConversationId(customer).setProducer("test").setEventTime(Instant.now().minus(ago))
        .setMessageSid(newMessageSid()).setFrom(customer).setTo(OUR_NUMBER).setBody("hi").build());
    return customer;
  }

  static String text(String to, String body) {
    return "{\"to\":\"" + to + "\",\"body\":\"" + body + "\"}";
  }

  JsonNode body(HttpResponse<String> response) {
    return json.readTree(response.body());
  }

  @Test
  void sendingWithoutATokenIsRefused() {
    String customer = customerWhoWrote(Duration.ofMinutes(1));
    HttpResponse<String> response = postJson(SEND, text(customer, "hi"), null, Map.of());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(TWILIO.requests(MESSAGE_SEND)).isEmpty();
  }

  @Test
  void sendingWithAWrongTokenIsRefused() {
    String customer = customerWhoWrote(Duration.ofMinutes(1));
    assertThat(postJson(SEND, text(customer, "hi"), API_TOKEN + "x", Map.of()).statusCode()).isEqualTo(401);
    assertThat(postJson(SEND, text(customer, "hi"), "", Map.of()).statusCode()).isEqualTo(401);
    assertThat(TWILIO.requests(MESSAGE_SEND)).isEmpty();
  }

  @Test
  void anAuthenticatedTextInsideTheWindowIsSentWithOurSenderAndStatusCallback() {
    String customer = customerWhoWrote(Duration.ofHours(23));
    String bareNumber = customer.substring("whatsapp:".length());

    HttpResponse<String> response = postJson(SEND, text(bareNumber, "התור שלך מחר ב-10"));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode answer = body(response);
    assertThat(answer.get("sid").asString()).matches("SM[0-9a-fA-F]{32}");
    assertThat(answer.get("status").asString()).isEqualTo("queued");
    assertThat(TWILIO.messagesTo(customer)).singleElement().satisfies(form -> {
      assertThat(form).containsEntry("From", OUR_NUMBER).containsEntry("Body", "התור שלך מחר ב-10")
          .containsEntry("StatusCallback", "https://" + PUBLIC_HOST + "/webhook/whatsapp/status")
          .doesNotContainKey("ContentSid");
    });
    assertThat(jdbc.sql("select state from outbound_message where message_sid = ?").param(answer.get("sid").asString())
        .query(String.class).single()).isEqualTo("sent");

    // What Prometheus scrapes: the send counted, the outbox backlog read from the table, no number in a tag.
    String metrics = get("/actuator/prometheus", null).body();
    assertThat(metrics).containsPattern(
            "whatsapp_messages_total\\{application=\"whatsapp-service\",direction=\"outbound\",status=\"sent\"} [1-9]")
        .containsPattern("whatsapp_outbox_pending\\{application=\"whatsapp-service\"} [0-9]")
        .doesNotContain(bareNumber);
  }

  @Test
  void invalidNumbersAreRefusedWithTheExpectedFormat() {
    for (String bad : new String[] {"0501234567", "+0501234567", "whatsapp:972501234567", "+97250abc4567", "+1234", ""}) {
      HttpResponse<String> response = postJson(SEND, text(bad, "hi"));
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(body(response).get("error").asString()).isEqualTo("invalid_number");
    }
    assertThat(TWILIO.requests(MESSAGE_SEND)).isEmpty();
  }

  @Test
  void blankOrTooLongBodiesAreRefused() {
    String customer = customerWhoWrote(Duration.ofMinutes(1));
    assertThat(postJson(SEND, text(customer, "   ")).statusCode()).isEqualTo(400);
    assertThat(postJson(SEND, "{\"to\":\"" + customer + "\"}").statusCode()).isEqualTo(400);
    HttpResponse<String> tooLong = postJson(SEND, text(customer, "א".repeat(1601)));
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(body(tooLong).get("message").asString()).contains("1600");
    assertThat(postJson(SEND, text(customer, "א".repeat(1600))).statusCode()).isEqualTo(201);
    assertThat(postJson(SEND, "not json").statusCode()).isEqualTo(400);
  }

  @Test
  void freeFormTextOutsideThe24HourWindowNeedsATemplate() {
    String lapsed = customerWhoWrote(Duration.ofHours(25));
    String stranger = newCustomer();
    for (String customer : new String[] {lapsed, stranger}) {
      HttpResponse<String> response = postJson(SEND, text(customer, "hi"));
      assertThat(response.statusCode()).isEqualTo(422);
      assertThat(body(response).get("error").asString()).isEqualTo("template_required");
      assertThat(body(response).get("message").asString()).contains("template");
    }
    assertThat(TWILIO.requests(MESSAGE_SEND)).isEmpty();
  }

  @Test
  void aTemplateIsSentOutsideTheWindowWithItsVariablesGivenAsObjectOrString() {
    String customer = newCustomer();
    HttpResponse<String> asObject = postJson(TEMPLATE,
        "{\"to\":\"" + customer + "\",\"contentSid\":\"" + CONTENT_SID + "\",\"contentVariables\":{\"1\":\"דנה\",\"2\":\"10:00\"}}");
    HttpResponse<String> asString = postJson(TEMPLATE,
        "{\"to\":\"" + customer + "\",\"contentSid\":\"" + CONTENT_SID + "\",\"contentVariables\":\"{\\\"1\\\":\\\"Dana\\\"}\"}");

    assertThat(asObject.statusCode()).isEqualTo(201);
    assertThat(asString.statusCode()).isEqualTo(201);
    var forms = TWILIO.messagesTo(customer);
    assertThat(forms).hasSize(2);
    assertThat(forms).allSatisfy(form -> assertThat(form).containsEntry("ContentSid", CONTENT_SID).doesNotContainKey("Body")
        .containsEntry("From", OUR_NUMBER));
    assertThat(json.readTree(forms.get(0).get("ContentVariables")).get("1").asString()).isEqualTo("דנה");
    assertThat(json.readTree(forms.get(1).get("ContentVariables")).get("1").asString()).isEqualTo("Dana");
  }

  @Test
  void aTemplateWithABadContentSidOrVariablesIsRefused() {
    String customer = newCustomer();
    assertThat(postJson(TEMPLATE, "{\"to\":\"" + customer + "\",\"contentSid\":\"HXnope\"}").statusCode()).isEqualTo(400);
    assertThat(postJson(TEMPLATE, "{\"to\":\"" + customer + "\",\"contentSid\":\"" + CONTENT_SID + "\",\"contentVariables\":\"[1,2]\"}")
        .statusCode()).isEqualTo(400);
    assertThat(TWILIO.requests(MESSAGE_SEND)).isEmpty();
  }

  @Test
  void twiliosInvalidNumberErrorBecomesA400WithTwiliosCodeAndMessage() {
    TWILIO.fail(MESSAGE_SEND,
        Fault.error(400, 21211, "The 'To' number whatsapp:+972500000000 is not a valid phone number."));
    String customer = customerWhoWrote(Duration.ofMinutes(5));

    HttpResponse<String> response = postJson(SEND, text(customer, "hi"));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode answer = body(response);
    assertThat(answer.get("twilioCode").asInt()).isEqualTo(21211);
    assertThat(answer.get("message").asString()).contains("is not a valid phone number");
    assertThat(TWILIO.requests(MESSAGE_SEND)).hasSize(1); // a refusal is not retried
    assertThat(jdbc.sql("select state from outbound_message where id = ?").param(answer.get("id").asLong()).query(String.class).single())
        .isEqualTo("failed");
  }

  @Test
  void twiliosAuthenticationErrorBecomesA502() {
    TWILIO.fail(MESSAGE_SEND, Fault.error(401, 20003, "Authenticate"));
    String customer = customerWhoWrote(Duration.ofMinutes(5));
    HttpResponse<String> response = postJson(SEND, text(customer, "hi"));
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(body(response).get("error").asString()).isEqualTo("twilio_authentication");
  }

  @Test
  void aTransientTwilioFailureIsRetriedAndTheMessageGoesOutOnce() {
    String customer = customerWhoWrote(Duration.ofMinutes(5));
    // First two attempts fail with 503, then Twilio answers: the provider's own retry gets it through.
    TWILIO.failNext(MESSAGE_SEND, 1, Fault.error(503, 20503, "Service unavailable"));

    HttpResponse<String> response = postJson(SEND, text(customer, "hi"));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(TWILIO.messagesTo(customer)).hasSizeGreaterThanOrEqualTo(2);
    assertThat(jdbc.sql("select count(*) from outbound_message where to_address = ? and state = 'sent'").param(customer)
        .query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void theSameIdempotencyKeySendsOnce() {
    String customer = customerWhoWrote(Duration.ofMinutes(5));
    Map<String, String> key = Map.of("Idempotency-Key", "order-" + customer);
    HttpResponse<String> first = postJson(SEND, text(customer, "hi"), API_TOKEN, key);
    HttpResponse<String> second = postJson(SEND, text(customer, "hi"), API_TOKEN, key);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(body(second).get("sid").asString()).isEqualTo(body(first).get("sid").asString());
    assertThat(TWILIO.messagesTo(customer)).hasSize(1);
  }

  @Test
  void anIdempotencyKeyReusedForAnotherMessageIsRefusedWith422AndSendsNothing() {
    String customer = customerWhoWrote(Duration.ofMinutes(5));
    String other = customerWhoWrote(Duration.ofMinutes(5));
    Map<String, String> key = Map.of("Idempotency-Key", "reused-" + customer);
    HttpResponse<String> first = postJson(SEND, text(customer, "your table is booked"), API_TOKEN, key);
    HttpResponse<String> otherBody = postJson(SEND, text(customer, "your table is cancelled"), API_TOKEN, key);
    HttpResponse<String> otherCustomer = postJson(SEND, text(other, "your table is booked"), API_TOKEN, key);
    HttpResponse<String> template = postJson(TEMPLATE, "{\"to\":\"" + customer + "\",\"contentSid\":\"" + CONTENT_SID + "\"}",
        API_TOKEN, key);
    HttpResponse<String> sameAgain = postJson(SEND, text(customer, "your table is booked"), API_TOKEN, key);

    assertThat(first.statusCode()).isEqualTo(201);
    for (HttpResponse<String> refused : java.util.List.of(otherBody, otherCustomer, template)) {
      assertThat(refused.statusCode()).isEqualTo(422);
      assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      assertThat(body(refused).get("error").asString()).isEqualTo("idempotency_key_reused");
      assertThat(body(refused).get("message").asString()).contains("already used for a different message").contains("nothing was sent");
      assertThat(body(refused).has("sid")).as("the first message is not disclosed").isFalse();
    }
    // The same key with the same message still answers the first result.
    assertThat(sameAgain.statusCode()).isEqualTo(200);
    assertThat(body(sameAgain).get("sid").asString()).isEqualTo(body(first).get("sid").asString());
    assertThat(TWILIO.messagesTo(customer)).singleElement().satisfies(form -> assertThat(form).containsEntry("Body", "your table is booked"));
    assertThat(TWILIO.messagesTo(other)).isEmpty();
  }

  @Test
  void aSentMessageCanBeReadBackWithItsStatusHistoryAndConversation() {
    String customer = customerWhoWrote(Duration.ofMinutes(5));
    String sid = body(postJson(SEND, text(customer, "hi there"))).get("sid").asString();
    postSigned("/webhook/whatsapp/status", Map.of("MessageSid", sid, "MessageStatus", "delivered", "To", customer, "From", OUR_NUMBER));
    postSigned("/webhook/whatsapp/status", Map.of("MessageSid", sid, "MessageStatus", "sent", "To", customer, "From", OUR_NUMBER));

    assertThat(get("/api/whatsapp/messages/" + sid, null).statusCode()).isEqualTo(401);
    HttpResponse<String> message = get("/api/whatsapp/messages/" + sid, API_TOKEN);
    assertThat(message.statusCode()).isEqualTo(200);
    JsonNode m = body(message);
    assertThat(m.get("status").asString()).isEqualTo("delivered");
    assertThat(m.get("body").asString()).isEqualTo("hi there");
    assertThat(m.get("statusHistory").size()).isEqualTo(2);

    assertThat(get("/api/whatsapp/conversations/" + customer, null).statusCode()).isEqualTo(401);
    HttpResponse<String> conversation = get("/api/whatsapp/conversations/" + customer.substring(9), API_TOKEN);
    assertThat(conversation.statusCode()).isEqualTo(200);
    JsonNode messages = body(conversation).get("messages");
    assertThat(messages.size()).isEqualTo(2);
    assertThat(messages.get(0).get("direction").asString()).isEqualTo("outbound");
    assertThat(messages.get(1).get("direction").asString()).isEqualTo("inbound");
    assertThat(get("/api/whatsapp/messages/SMdoesnotexist", API_TOKEN).statusCode()).isEqualTo(404);
  }
}
