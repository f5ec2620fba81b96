package com.voiceagent.whatsapp.outbox;

import static com.voiceagent.whatsapp.support.TwilioAccount.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.TextReply;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dialog brain's reply and a crash before its outbox row exists: the instance that consumed the reply
 * stops while it cannot record it (the database refuses the outbox insert). Its Kafka offset was not
 * committed, so the instance that takes over consumes the reply again and sends it, once.
 */
class ReplyCrashIT extends InstancesOnOneDatabase {

  int outboxRows(String customer) {
    return jdbc.sql("select count(*) from outbound_message where to_address = ?").param(customer).query(Integer.class).single();
  }

  @Test
  void aReplyWhoseInstanceStoppedBeforeItsOutboxRowExistedIsSentByTheNextInstance() throws Exception {
    TWILIO.reset();
    String customer = OutboxInstances.customer();
    try (ConfigurableApplicationContext first = OutboxInstances.start("replier", postgres, Map.of())) {
      OutboxInstances.customerWrote(jdbc, customer);
      // Each refused insert is counted in a sequence: nextval survives the rollback of the refused transaction.
      jdbc.sql("create sequence if not exists refused_replies").update();
      jdbc.sql("""
          create or replace function refuse_reply() returns trigger language plpgsql as $$
          begin
            if new.to_address = '%s' then
              perform nextval('refused_replies');
              raise exception 'simulated crash before the outbox row exists';
            end if;
            return new;
          end $$""".formatted(customer)).update();
      jdbc.sql("create trigger refuse_reply before insert on outbound_message for each row execute function refuse_reply()").update();
      TextReply reply = TextReply.newBuilder().setConversationId(customer).setTurn(1).setProducer("dialog-test")
          .setEventTime(Instant.now()).setInReplyTo("SM" + "1".repeat(32)).setText("we open at nine").setEngine("scripted").build();
      first.getBean(EventPublisher.class).publish(Topics.TEXT_REPLIES, reply).get();
      // The first instance has the reply and tries to record it (in vain); it stops before it can.
      await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select is_called from refused_replies").query(Boolean.class).single());
      assertThat(outboxRows(customer)).isZero();
    } finally {
      jdbc.sql("drop trigger if exists refuse_reply on outbound_message").update();
    }
    assertThat(TWILIO.messagesTo(customer)).isEmpty();

    try (ConfigurableApplicationContext second = OutboxInstances.start("replier", postgres, Map.of())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> TWILIO.messagesTo(customer).size() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(jdbc.sql(
          "select state from outbound_message where to_address = ?").param(customer).query(String.class).single()));
      // A few more seconds: the reply is not sent again.
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> TWILIO.messagesTo(customer).size() == 1);
    }
    assertThat(TWILIO.messagesTo(customer)).singleElement().satisfies(form -> assertThat(form).containsEntry("Body", "we open at nine"));
  }
}
