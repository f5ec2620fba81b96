package com.voiceagent.whatsapp.transfer;

import static com.voiceagent.fixtures.TwilioRestFixture.Endpoint.MESSAGE_SEND;
import static com.voiceagent.whatsapp.support.TwilioAccount.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.TransferNotice;
import com.voiceagent.fixtures.TwilioRestFixture.Fault;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A call handed to a person: dialog-service's TransferNotice (published here as it does) -> voice.transfer-notices
 * -> outbox -> Twilio REST fixture, through the real broker and the real PostgreSQL.
 */
class TransferNoticeIT extends WhatsAppIntegrationTest {
  static final String SUMMARY = "הלקוח: אני רוצה לשנות את התור שלי למחר\nהבוט: אני מעבירה אתכם לנציג, רק רגע.";

  @Autowired EventPublisher publisher;

  static TransferNotice notice(String callSid, String transferId, String person) {
    return TransferNotice.newBuilder().setCallSid(callSid).setTurn(2).setProducer("dialog-test").setEventTime(Instant.now())
        .setTransferId(transferId).setNotifyTo(person.substring("whatsapp:".length())).setCaller("***4567")
        .setSummary(SUMMARY).setSummaryEngine("scripted").build();
  }

  static String newCallSid() {
    return "CA" + java.util.UUID.randomUUID().toString().replace("-", "");
  }

  Map<String, Object> row(String callSid, String transferId) {
    return jdbc.sql("select state, attempts, body, content_sid, message_sid from outbound_message where idempotency_key = ?")
        .param("transfer:" + callSid + ":" + transferId).query().singleRow();
  }

  @Test
  void theSummaryReachesThePersonOnceEvenWhenItsNoticeIsDeliveredTwice() throws Exception {
    String person = newCustomer();
    String callSid = newCallSid();
    TransferNotice notice = notice(callSid, "MZ1", person);

    publisher.publish(Topics.TRANSFER_NOTICES, notice).get();
    publisher.publish(Topics.TRANSFER_NOTICES, notice).get(); // redelivered, as after a rebalance
    // A later notice of the same call (same key: same partition, handled in order after the two above) proves both
    // were consumed; another call's notice could be handled first, on another partition or lane.
    String marker = newCustomer();
    publisher.publish(Topics.TRANSFER_NOTICES, notice(callSid, "MZ-marker", marker)).get();
    await().atMost(Duration.ofSeconds(20)).until(() -> TWILIO.acceptedSidsTo(marker).size() == 1);

    assertThat(TWILIO.messagesTo(person)).singleElement().satisfies(form -> assertThat(form)
        .containsEntry("From", OUR_NUMBER)
        .containsEntry("Body", "שיחה מועברת אליך מהבוט הקולי.\nמתקשר/ת: ***4567\nמזהה שיחה: " + callSid + "\nסיכום:\n" + SUMMARY)
        .doesNotContainKey("ContentSid"));
    assertThat(TWILIO.acceptedSidsTo(person)).hasSize(1);
    assertThat(row(callSid, "MZ1")).containsEntry("state", "sent").containsEntry("message_sid", TWILIO.acceptedSidsTo(person).getFirst());
  }

  @Test
  void theSameCallHandedOverAgainIsToldAgain() throws Exception {
    String person = newCustomer();
    String callSid = newCallSid();

    publisher.publish(Topics.TRANSFER_NOTICES, notice(callSid, "MZ1", person)).get();
    publisher.publish(Topics.TRANSFER_NOTICES, notice(callSid, "MZ2", person)).get(); // nobody answered; handed over again

    await().atMost(Duration.ofSeconds(20)).until(() -> TWILIO.acceptedSidsTo(person).size() == 2);
  }

  @Test
  void aFailingTwilioSendIsRetriedFromTheOutboxAndSentOnce() throws Exception {
    String person = newCustomer();
    String callSid = newCallSid();
    TWILIO.failNext(MESSAGE_SEND, 1_000, Fault.error(503, 20503, "Service unavailable"));

    publisher.publish(Topics.TRANSFER_NOTICES, notice(callSid, "MZ1", person)).get();
    // The stage's own attempt fails: the row waits in the outbox for the relay.
    await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
        "select count(*) from outbound_message where idempotency_key = ? and state = 'pending'")
        .param("transfer:" + callSid + ":MZ1").query(Integer.class).single() == 1);
    assertThat(TWILIO.acceptedSidsTo(person)).isEmpty();

    TWILIO.failNext(MESSAGE_SEND, 0, Fault.error(503, 20503, "Service unavailable")); // Twilio is back
    await().atMost(Duration.ofSeconds(20)).until(() -> "sent".equals(row(callSid, "MZ1").get("state")));

    assertThat(TWILIO.acceptedSidsTo(person)).hasSize(1);
    assertThat(TWILIO.messagesTo(person)).hasSizeGreaterThanOrEqualTo(2);
    assertThat((Integer) row(callSid, "MZ1").get("attempts")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aNoticeForANumberThatIsNotE164IsNotSentAndDoesNotBlockTheNextOne() throws Exception {
    String callSid = newCallSid();
    TransferNotice bad = notice(callSid, "MZ1", "whatsapp:050-1234567");
    publisher.publish(Topics.TRANSFER_NOTICES, bad).get();
    String person = newCustomer();
    publisher.publish(Topics.TRANSFER_NOTICES, notice(newCallSid(), "MZ1", person)).get();

    await().atMost(Duration.ofSeconds(20)).until(() -> TWILIO.acceptedSidsTo(person).size() == 1);
    assertThat(jdbc.sql("select count(*) from outbound_message where idempotency_key = ?").param("transfer:" + callSid + ":MZ1")
        .query(Integer.class).single()).isZero();
  }
}
