package com.voiceagent.whatsapp.outbox;

import static com.voiceagent.fixtures.TwilioRestFixture.Endpoint.MESSAGE_SEND;
import static com.voiceagent.whatsapp.support.TwilioAccount.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.fixtures.TwilioRestFixture;
import com.voiceagent.fixtures.TwilioRestFixture.Fault;
import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The outbox across a crash: one service instance stops with messages unsent (its Twilio call failed,
 * or it died between recording a message and completing it); the next instance, on the same database,
 * sends each of them exactly once as seen by the Twilio fixture.
 */
class OutboxCrashIT extends InstancesOnOneDatabase {
  static ConfigurableApplicationContext startInstance(String name) {
    return OutboxInstances.start(name, postgres, Map.of("voice.whatsapp.outbox.backoff", "1s"));
  }


  static void insertRow(String key, String to, String state, Instant leaseUntil) {
    jdbc.sql("""
        insert into outbound_message (idempotency_key, to_address, from_address, body, status_callback, state, attempts,
          lease_until, next_attempt_at, created_at, updated_at)
        values (?, ?, 'whatsapp:+14155238886', 'left behind', 'https://wa.example.com/webhook/whatsapp/status', ?, 1, ?, now(), now(), now())""")
        .params(key, to, state, leaseUntil == null ? null : Timestamp.from(leaseUntil)).update();
  }

  String state(String to) {
    return jdbc.sql("select state from outbound_message where to_address = ?").param(to).query(String.class).single();
  }

  @Test
  void messagesLeftUnsentByACrashedInstanceAreSentExactlyOnceByTheNextInstance() throws Exception {
    TWILIO.reset();
    TWILIO.fail(MESSAGE_SEND, Fault.dropConnection());
    String failedDuringSend = OutboxInstances.customer();
    String diedMidSend = OutboxInstances.customer();
    String recordedNotStarted = OutboxInstances.customer();
    String stillLeased = OutboxInstances.customer();

    try (ConfigurableApplicationContext first = startInstance("first")) {
      OutboxInstances.customerWrote(jdbc, failedDuringSend);
      HttpResponse<String> response = OutboxInstances.send(first, failedDuringSend, "hello after the crash");
      // Twilio unreachable: the message is kept for the relay, not lost and not reported as an error.
      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.body()).contains("pending");
    } // the instance stops here with the message unsent

    // What a process killed mid-send leaves: 'sending' rows whose lease has run out, or runs out soon.
    insertRow("crash:mid-send", diedMidSend, "sending", Instant.now().minusSeconds(5));
    insertRow("crash:not-started", recordedNotStarted, "pending", null);
    Instant leaseEnds = Instant.now().plusSeconds(8);
    insertRow("crash:leased", stillLeased, "sending", leaseEnds);
    TWILIO.reset();

    try (ConfigurableApplicationContext second = startInstance("second")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(state(failedDuringSend)) && "sent".equals(state(diedMidSend))
          && "sent".equals(state(recordedNotStarted)));
      // The row another instance still holds is left alone until its lease runs out, then sent.
      await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(state(stillLeased)));
      assertThat(TWILIO.sendsTo(stillLeased).stream().map(TwilioRestFixture.Request::receivedAt))
          .singleElement().satisfies(sentAt -> assertThat(sentAt).isAfterOrEqualTo(leaseEnds));
      // A few more relay passes: nothing may be sent twice.
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> Stream.of(failedDuringSend, diedMidSend,
          recordedNotStarted, stillLeased).allMatch(customer -> TWILIO.messagesTo(customer).size() == 1));
    }

    assertThat(TWILIO.messagesTo(failedDuringSend)).singleElement()
        .satisfies(form -> assertThat(form).containsEntry("Body", "hello after the crash"));
    assertThat(TWILIO.messagesTo(diedMidSend)).hasSize(1);
    assertThat(TWILIO.messagesTo(recordedNotStarted)).hasSize(1);
    assertThat(TWILIO.messagesTo(stillLeased)).hasSize(1);
    assertThat(jdbc.sql("select count(*) from outbound_message where message_sid is null").query(Integer.class).single()).isZero();
  }
}
