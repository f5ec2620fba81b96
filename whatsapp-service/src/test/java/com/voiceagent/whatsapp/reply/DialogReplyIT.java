package com.voiceagent.whatsapp.reply;

import static com.voiceagent.whatsapp.support.TwilioAccount.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.TextReply;
import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import com.voiceagent.whatsapp.inbound.InboundMessages;
import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Inbound message -> whatsapp.inbound -> (dialog-service's part, played here by the test: it publishes a
 * TextReply exactly as dialog-service does) -> text.replies -> outbox -> Twilio REST fixture.
 */
class DialogReplyIT extends WhatsAppIntegrationTest {
  @Autowired EventPublisher publisher;
  @Autowired InboundMessages inboundMessages;

  TextReply replyTo(WhatsAppInbound inbound, String text) {
    return TextReply.newBuilder().setConversationId(inbound.getConversationId()).setTurn(1).setProducer("dialog-test")
        .setEventTime(Instant.now()).setInReplyTo(inbound.getMessageSid()).setText(text).setEngine("scripted").build();
  }

  WhatsAppInbound published(String sid) {
    return records(Topics.WHATSAPP_INBOUND.name()).stream().map(r -> (WhatsAppInbound) r.value())
        .filter(m -> m.getMessageSid().equals(sid)).findFirst().orElseThrow();
  }

  @Test
  void anInboundMessageIsAnsweredByTheBrainThroughTwilio() {
    String customer = newCustomer();
    String sid = newMessageSid();
    assertThat(postSigned("/webhook/whatsapp/incoming", inboundForm(sid, customer, "מתי אתם פתוחים?")).statusCode()).isEqualTo(200);
    WhatsAppInbound inbound = published(sid);

    publisher.publish(Topics.TEXT_REPLIES, replyTo(inbound, "אנחנו פתוחים א-ה 9:00-18:00"));

    await().atMost(Duration.ofSeconds(20)).until(() -> !TWILIO.messagesTo(customer).isEmpty());
    assertThat(TWILIO.messagesTo(customer)).singleElement().satisfies(form -> assertThat(form)
        .containsEntry("Body", "אנחנו פתוחים א-ה 9:00-18:00").containsEntry("From", OUR_NUMBER)
        .containsEntry("StatusCallback", "https://" + PUBLIC_HOST + "/webhook/whatsapp/status"));
    await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql(
        "select count(*) from outbound_message where in_reply_to = ? and state = 'sent'").param(sid).query(Integer.class).single() == 1);
  }

  @Test
  void aRepeatedReplyToTheSameMessageIsSentOnce() throws Exception {
    String customer = newCustomer();
    String sid = newMessageSid();
    postSigned("/webhook/whatsapp/incoming", inboundForm(sid, customer, "hi"));
    WhatsAppInbound inbound = published(sid);

    publisher.publish(Topics.TEXT_REPLIES, replyTo(inbound, "first")).get();
    publisher.publish(Topics.TEXT_REPLIES, replyTo(inbound, "again")).get();
    // The reply to the customer's next message (same conversation: same key, handled in order after the two above)
    // proves both were consumed; another conversation's reply could be handled first, on another partition or lane.
    String nextSid = newMessageSid();
    postSigned("/webhook/whatsapp/incoming", inboundForm(nextSid, customer, "and another thing"));
    publisher.publish(Topics.TEXT_REPLIES, replyTo(published(nextSid), "marker")).get();

    await().atMost(Duration.ofSeconds(20)).until(() -> TWILIO.messagesTo(customer).stream().anyMatch(form -> "marker".equals(form.get("Body"))));
    assertThat(TWILIO.messagesTo(customer)).extracting(form -> form.get("Body")).containsExactly("first", "marker");
  }

  @Test
  void aReplyOutsideTheWindowIsNotSent() throws Exception {
    String customer = newCustomer();
    // The customer's message is recorded, but it is 25 hours old: free-form text is not allowed any more.
    WhatsAppInbound old = WhatsAppInbound.newBuilder().setConversationId(customer).setProducer("t")
        .setEventTime(Instant.now().minus(Duration.ofHours(25))).setMessageSid(newMessageSid()).setFrom(customer).setTo(OUR_NUMBER).build();
    inboundMessages.insert(old);
    publisher.publish(Topics.TEXT_REPLIES, replyTo(old, "unsolicited")).get();
    String marker = newCustomer();
    String markerSid = newMessageSid();
    postSigned("/webhook/whatsapp/incoming", inboundForm(markerSid, marker, "hi"));
    publisher.publish(Topics.TEXT_REPLIES, replyTo(published(markerSid), "marker")).get();

    await().atMost(Duration.ofSeconds(20)).until(() -> !TWILIO.messagesTo(marker).isEmpty());
    assertThat(TWILIO.messagesTo(customer)).isEmpty();
  }

  @Test
  void aFirstTimeCustomersReplyWaitsForTheirMessageToBeRecordedInsteadOfBeingDroppedAsOutsideTheWindow() throws Exception {
    String customer = newCustomer(); // never wrote before
    // Their first message reached Kafka while the database was down (the webhook published it itself):
    // dialog-service answers before this service's archiver has written it to the database.
    WhatsAppInbound first = WhatsAppInbound.newBuilder().setConversationId(customer).setProducer("webhook").setEventTime(Instant.now())
        .setMessageSid(newMessageSid()).setFrom(customer).setTo(OUR_NUMBER).setBody("hello, first time here").build();
    publisher.publish(Topics.TEXT_REPLIES, replyTo(first, "welcome!")).get();

    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> TWILIO.messagesTo(customer).isEmpty());
    publisher.publish(Topics.WHATSAPP_INBOUND, first).get(); // the archiver writes it

    await().atMost(Duration.ofSeconds(30)).until(() -> !TWILIO.messagesTo(customer).isEmpty());
    assertThat(TWILIO.messagesTo(customer)).singleElement().satisfies(form -> assertThat(form).containsEntry("Body", "welcome!"));
  }
}
