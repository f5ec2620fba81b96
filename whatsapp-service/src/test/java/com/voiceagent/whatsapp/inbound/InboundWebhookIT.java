package com.voiceagent.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.schemas.Topics;
import com.voiceagent.twiliokit.TwilioSigner;
import com.voiceagent.whatsapp.support.TwilioAccount;
import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundWebhookIT extends WhatsAppIntegrationTest {
  static final String PATH = "/webhook/whatsapp/incoming";

  @Test
  void aSignedMessageIsInKafkaAndTheDatabaseBeforeTwilioGetsAnEmptyTwimlResponse() {
    String customer = newCustomer();
    String sid = newMessageSid();

    HttpResponse<String> response = postSigned(PATH, inboundForm(sid, customer, "שלום, מה שעות הפתיחה?"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/xml"));
    assertThat(response.body()).contains("<Response/>");
    // Both writes completed before the answer: no waiting here.
    assertThat(jdbc.sql("select body from inbound_message where message_sid = ?").param(sid).query(String.class).single())
        .isEqualTo("שלום, מה שעות הפתיחה?");
    List<WhatsAppInbound> published = inboundRecords(sid);
    assertThat(published).hasSize(1);
    assertThat(published.getFirst().getConversationId()).isEqualTo(customer);
    assertThat(published.getFirst().getFrom()).isEqualTo(customer);
    assertThat(published.getFirst().getBody()).isEqualTo("שלום, מה שעות הפתיחה?");
    assertThat(get("/actuator/prometheus", null).body()).containsPattern(
        "whatsapp_messages_total\\{application=\"whatsapp-service\",direction=\"inbound\",status=\"received\"} [1-9]");
  }

  @Test
  void anUnsignedWebhookIsRefusedAndRecordsNothing() {
    String sid = newMessageSid();

    HttpResponse<String> response = postForm(PATH, inboundForm(sid, newCustomer(), "hi"), null);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(jdbc.sql("select count(*) from inbound_message where message_sid = ?").param(sid).query(Integer.class).single()).isZero();
  }

  @Test
  void aWebhookWithAForgedSignatureIsRefused() {
    String sid = newMessageSid();
    Map<String, String> form = inboundForm(sid, newCustomer(), "hi");
    String signedByOthers = TwilioSigner.sign("not-our-token", "https://" + PUBLIC_HOST + PATH, form);

    assertThat(postForm(PATH, form, signedByOthers).statusCode()).isEqualTo(403);
    // A body changed after signing is refused as well.
    String signature = TwilioSigner.sign(TwilioAccount.AUTH_TOKEN, "https://" + PUBLIC_HOST + PATH, form);
    form.put("Body", "tampered");
    assertThat(postForm(PATH, form, signature).statusCode()).isEqualTo(403);
    assertThat(jdbc.sql("select count(*) from inbound_message where message_sid = ?").param(sid).query(Integer.class).single()).isZero();
  }

  @Test
  void aRetriedWebhookAddsNothing() {
    String sid = newMessageSid();
    Map<String, String> form = inboundForm(sid, newCustomer(), "once");

    assertThat(postSigned(PATH, form).statusCode()).isEqualTo(200);
    HttpResponse<String> retry = postSigned(PATH, form);

    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.body()).contains("<Response/>");
    assertThat(jdbc.sql("select count(*) from inbound_message where message_sid = ?").param(sid).query(Integer.class).single()).isEqualTo(1);
    assertThat(inboundRecords(sid)).hasSize(1);
  }

  @Test
  void everyFieldIsKeptIncludingMediaButtonsLocationAndUnknownParameters() {
    String customer = newCustomer();
    String sid = newMessageSid();
    Map<String, String> form = inboundForm(sid, customer, "");
    form.put("NumMedia", "2");
    form.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/" + sid + "/Media/ME1");
    form.put("MediaContentType0", "image/jpeg");
    form.put("MediaUrl1", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/" + sid + "/Media/ME2");
    form.put("MediaContentType1", "audio/ogg");
    form.put("ButtonPayload", "book-tomorrow");
    form.put("ButtonText", "מחר");
    form.put("Latitude", "32.0853");
    form.put("Longitude", "34.7818");
    form.put("OriginalRepliedMessageSid", "SMoriginal");
    form.put("MessagingServiceSid", "MG0123");
    form.put("SomethingTwilioAddedLater", "kept");

    assertThat(postSigned(PATH, form).statusCode()).isEqualTo(200);

    Map<String, Object> row = jdbc.sql("""
        select profile_name, wa_id, num_media, media::text as media, button_payload, button_text, latitude, longitude,
          original_replied_message_sid, messaging_service_sid, params ->> 'SomethingTwilioAddedLater' as later, to_address
        from inbound_message where message_sid = ?""").param(sid).query().singleRow();
    assertThat(row).containsEntry("profile_name", "דנה").containsEntry("wa_id", customer.substring(10))
        .containsEntry("num_media", 2).containsEntry("button_payload", "book-tomorrow").containsEntry("button_text", "מחר")
        .containsEntry("latitude", "32.0853").containsEntry("longitude", "34.7818")
        .containsEntry("original_replied_message_sid", "SMoriginal").containsEntry("messaging_service_sid", "MG0123")
        .containsEntry("later", "kept").containsEntry("to_address", OUR_NUMBER);
    assertThat((String) row.get("media")).contains("ME1", "image/jpeg", "ME2", "audio/ogg");
    WhatsAppInbound event = inboundRecords(sid).getFirst();
    assertThat(event.getMedia()).hasSize(2);
    assertThat(event.getMedia().get(1).getContentType()).isEqualTo("audio/ogg");
    assertThat(event.getParams()).containsEntry("SomethingTwilioAddedLater", "kept");
    assertThat(event.getButtonPayload()).isEqualTo("book-tomorrow");
  }

  @Test
  void aSignedWebhookWithoutMessageSidIsABadRequest() {
    Map<String, String> form = inboundForm(newMessageSid(), newCustomer(), "x");
    form.remove("MessageSid");
    HttpResponse<String> response = postSigned(PATH, form);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("MessageSid");
  }

  private List<WhatsAppInbound> inboundRecords(String sid) {
    return records(Topics.WHATSAPP_INBOUND.name()).stream()
        .map(r -> (WhatsAppInbound) r.value())
        .filter(m -> m.getMessageSid().equals(sid))
        .toList();
  }
}
