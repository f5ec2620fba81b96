package com.voiceagent.whatsapp.reply;

import static com.voiceagent.whatsapp.support.TwilioAccount.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.dialog.DialogApplication;
import com.voiceagent.events.TextReply;
import com.voiceagent.schemas.Topics;
import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real dialog-service (its offline scripted Hebrew engine) in the same JVM: a signed inbound WhatsApp
 * message goes through Kafka to the brain, and its answer comes back through text.replies, the outbox
 * and the Twilio REST fixture.
 */
class DialogServiceEndToEndIT extends WhatsAppIntegrationTest {

  ConfigurableApplicationContext startDialogService() {
    // Command-line arguments, because both services ship an application.yml and only one is found first.
    Map<String, String> settings = Map.of(
        "spring.main.web-application-type", "none",
        "spring.autoconfigure.exclude", "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "spring.kafka.bootstrap-servers", broker.getBrokersAsString(),
        "spring.kafka.consumer.group-id", "dialog-service",
        "voice.platform.instance-id", "dialog-e2e",
        "voice.dialog.engine", "scripted",
        "voice.dialog.business-file", "classpath:scripted/business.yml",
        "voice.dialog.text-channel.enabled", "true",
        "logging.level.root", "INFO");
    String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    return new SpringApplicationBuilder(DialogApplication.class).run(args);
  }

  @Test
  void aCustomerMessageIsAnsweredByTheDialogBrainThroughTwilio() {
    try (ConfigurableApplicationContext dialog = startDialogService()) {
      String customer = newCustomer();
      String sid = newMessageSid();

      assertThat(postSigned("/webhook/whatsapp/incoming", inboundForm(sid, customer, "שלום, מה שעות הפתיחה שלכם?")).statusCode())
          .isEqualTo(200);

      await().atMost(Duration.ofSeconds(60)).until(() -> !TWILIO.messagesTo(customer).isEmpty());
      List<TextReply> replies = records(Topics.TEXT_REPLIES.name()).stream().map(r -> (TextReply) r.value())
          .filter(r -> r.getInReplyTo().equals(sid)).toList();
      assertThat(replies).singleElement().satisfies(reply -> assertThat(reply.getConversationId()).isEqualTo(customer));
      assertThat(TWILIO.messagesTo(customer)).singleElement().satisfies(form -> {
        assertThat(form.get("Body")).isEqualTo(replies.getFirst().getText()).matches(".*[\\u05D0-\\u05EA].*");
        assertThat(form).containsEntry("From", OUR_NUMBER);
      });
      await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql(
          "select count(*) from outbound_message where in_reply_to = ? and state = 'sent'").param(sid).query(Integer.class).single() == 1);
    }
  }
}
