package com.voiceagent.whatsapp.outbox;

import static com.voiceagent.fixtures.TwilioRestFixture.Endpoint.MESSAGE_LOOKUP;
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
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Reconciliation of sends whose outcome is unknown: an instance died between calling Twilio and
 * recording the answer. Before re-sending, the next instance asks Twilio's list API (the fixture lists
 * exactly the messages it accepted) and sends only what Twilio does not have, so the customer gets each
 * message once; while Twilio cannot answer, it sends nothing.
 */
class OutboxReconciliationIT extends InstancesOnOneDatabase {
  @BeforeAll
  static void migrate() {
    // The service's own migrations, so rows can be prepared before an instance starts (it then finds them applied).
    Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
  }

  @BeforeEach
  void twilioAccepts() {
    TWILIO.reset();
  }

  static ConfigurableApplicationContext startInstance(String name) {
    return OutboxInstances.start(name, postgres, Map.of("voice.whatsapp.outbox.backoff", "200ms", "voice.whatsapp.outbox.max-backoff", "1s"));
  }


  /** What a sender killed in the middle of an attempt leaves behind: 'sending', lease run out. */
  static void insertInterruptedAttempt(String key, String to, String body, Instant attemptStartedAt) {
    jdbc.sql("""
        insert into outbound_message (idempotency_key, to_address, from_address, body, status_callback, state, attempts,
          lease_until, next_attempt_at, created_at, updated_at, attempt_started_at)
        values (?, ?, 'whatsapp:+14155238886', ?, 'https://wa.example.com/webhook/whatsapp/status', 'sending', 1, ?, ?, ?, ?, ?)""")
        .params(key, to, body, Timestamp.from(attemptStartedAt.plusSeconds(3)), Timestamp.from(attemptStartedAt),
            Timestamp.from(attemptStartedAt), Timestamp.from(attemptStartedAt), Timestamp.from(attemptStartedAt))
        .update();
  }

  static Map<String, Object> row(String key) {
    return jdbc.sql("select state, attempts, message_sid, error_message, in_doubt_since from outbound_message where idempotency_key = ?")
        .param(key).query().singleRow();
  }

  static Object state(String key) {
    return row(key).get("state");
  }

  @Test
  void aMessageTwilioAcceptedJustBeforeTheCrashIsFoundThereAndNotSentAgain() throws Exception {
    String customer = OutboxInstances.customer();
    String body = "שלום דנה, התור שלך מחר ב-10:00";
    OutboxInstances.customerWrote(jdbc, customer);
    // The crash: Twilio accepts the message, then the process cannot record it (here the database refuses
    // the completion, so the row stays 'sending' exactly as if the process had died at that point).
    jdbc.sql("""
        create or replace function crash_after_twilio() returns trigger language plpgsql as $$
        begin
          if new.state = 'sent' and new.to_address = '%s' then raise exception 'simulated crash after Twilio accepted'; end if;
          return new;
        end $$""".formatted(customer)).update();
    jdbc.sql("create trigger crash_after_twilio before update on outbound_message for each row execute function crash_after_twilio()").update();
    try (ConfigurableApplicationContext first = startInstance("first")) {
      HttpResponse<String> response = OutboxInstances.send(first, customer, body);
      // Twilio has it: the client is told so (with Twilio's SID), or it would send the message again itself.
      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(response.body()).contains("\"sid\":\"" + TWILIO.acceptedSidsTo(customer).getFirst() + "\"");
    } finally {
      jdbc.sql("drop trigger crash_after_twilio on outbound_message").update();
    }
    assertThat(TWILIO.messagesTo(customer)).hasSize(1);
    List<String> accepted = TWILIO.acceptedSidsTo(customer);
    String key = jdbc.sql("select idempotency_key from outbound_message where to_address = ?").param(customer).query(String.class).single();
    assertThat(state(key)).isEqualTo("sending");

    try (ConfigurableApplicationContext second = startInstance("second")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(state(key)));
      // A few more relay passes: nothing may be sent again.
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> TWILIO.messagesTo(customer).size() == 1);
    }

    assertThat(TWILIO.messagesTo(customer)).as("creates Twilio received").hasSize(1);
    assertThat(TWILIO.lookupsFor(customer)).as("the relay asked Twilio before deciding").isNotEmpty();
    assertThat(row(key).get("message_sid")).isEqualTo(accepted.getFirst());
    assertThat(row(key).get("in_doubt_since")).isNull();
    assertThat(jdbc.sql("select status from message_status where message_sid = ?").param(accepted.getFirst()).query(String.class).single())
        .isEqualTo("sent");
  }

  @Test
  void aMessageTheCrashStoppedBeforeTwilioIsSentExactlyOnceAfterTheLookupFindsNothing() throws Exception {
    String customer = OutboxInstances.customer();
    insertInterruptedAttempt("crash:before-twilio", customer, "never reached Twilio", Instant.now().minusSeconds(10));

    try (ConfigurableApplicationContext instance = startInstance("next")) {
      await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(state("crash:before-twilio")));
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> TWILIO.messagesTo(customer).size() == 1);
    }

    List<TwilioRestFixture.Request> creates = TWILIO.sendsTo(customer);
    assertThat(creates).singleElement().satisfies(create ->
        assertThat(create.form()).containsEntry("Body", "never reached Twilio"));
    assertThat(TWILIO.lookupsFor(customer)).isNotEmpty()
        .allSatisfy(lookup -> assertThat(lookup.receivedAt()).isBeforeOrEqualTo(creates.getFirst().receivedAt()));
    assertThat(row("crash:before-twilio").get("message_sid")).isEqualTo(TWILIO.acceptedSidsTo(customer).getFirst());
  }

  @Test
  void whileTwiliosListFailsNothingIsSentAndTheRowWaitsUntilTheLookupWorks() throws Exception {
    String customer = OutboxInstances.customer();
    TWILIO.fail(MESSAGE_LOOKUP, Fault.error(500, 20500, "Internal Server Error"));
    insertInterruptedAttempt("crash:lookup-down", customer, "wait for the lookup", Instant.now().minusSeconds(10));

    try (ConfigurableApplicationContext instance = startInstance("lookup-down")) {
      // attempts counts claims: 1 was the crashed sender's, so 4 means three relay passes, all lookups failed.
      await().atMost(Duration.ofSeconds(30)).until(() -> "pending".equals(state("crash:lookup-down"))
          && (Integer) row("crash:lookup-down").get("attempts") >= 4);
      assertThat(TWILIO.messagesTo(customer)).as("sent blindly").isEmpty();
      assertThat(TWILIO.lookupsFor(customer)).isNotEmpty();
      Map<String, Object> waiting = row("crash:lookup-down");
      assertThat(waiting.get("in_doubt_since")).isNotNull();
      assertThat((String) waiting.get("error_message")).startsWith("lookup failed");

      TWILIO.reset();
      await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(state("crash:lookup-down")));
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> TWILIO.messagesTo(customer).size() == 1);
    }

    assertThat(TWILIO.messagesTo(customer)).singleElement()
        .satisfies(form -> assertThat(form).containsEntry("Body", "wait for the lookup"));
  }

  @Test
  void anIdenticalMessageAlreadyRecordedForAnotherRowIsNotMistakenForTheInterruptedOne() throws Exception {
    String customer = OutboxInstances.customer();
    OutboxInstances.customerWrote(jdbc, customer);
    try (ConfigurableApplicationContext instance = startInstance("identical")) {
      assertThat(OutboxInstances.send(instance, customer, "same words").statusCode()).isEqualTo(201);
      String recordedSid = TWILIO.acceptedSidsTo(customer).getFirst();
      // Same customer, same text, started within the skew of the first one: only the outbox knows it is another message.
      insertInterruptedAttempt("crash:identical", customer, "same words", Instant.now().minusSeconds(4));

      await().atMost(Duration.ofSeconds(30)).until(() -> "sent".equals(state("crash:identical")));
      assertThat(TWILIO.lookupsFor(customer)).isNotEmpty();
      assertThat(TWILIO.messagesTo(customer)).hasSize(2);
      assertThat(row("crash:identical").get("message_sid")).isNotEqualTo(recordedSid)
          .isEqualTo(TWILIO.acceptedSidsTo(customer).get(1));
    }
  }
}
