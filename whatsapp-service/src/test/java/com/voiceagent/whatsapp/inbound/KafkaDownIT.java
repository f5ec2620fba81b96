package com.voiceagent.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Kafka unreachable: the webhook must not say 200 for a message it could not make durable. */
@TestPropertySource(properties = {
    "spring.kafka.bootstrap-servers=localhost:1",
    "spring.kafka.admin.auto-create=false",
    // The broker is away while the service runs; a service starting without one would stop (BrokerAtStartup).
    "voice.platform.broker-startup-timeout=0s",
    "spring.kafka.listener.auto-startup=false",
    "spring.kafka.producer.properties.max.block.ms=1500",
    "voice.whatsapp.kafka-ack-timeout=3s"})
class KafkaDownIT extends WhatsAppIntegrationTest {

  @Test
  void webhooksAnswer503WhenKafkaCannotRecordSoTwilioRetries() {
    String sid = newMessageSid();
    HttpResponse<String> inbound = postSigned("/webhook/whatsapp/incoming", inboundForm(sid, newCustomer(), "hello?"));
    HttpResponse<String> status = postSigned("/webhook/whatsapp/status",
        Map.of("MessageSid", newMessageSid(), "MessageStatus", "sent", "To", newCustomer()));

    assertThat(inbound.statusCode()).isEqualTo(503);
    assertThat(status.statusCode()).isEqualTo(503);
    // Not in the database either: Twilio's retry will bring it, and the database never holds a message Kafka lacks.
    assertThat(jdbc.sql("select count(*) from inbound_message where message_sid = ?").param(sid).query(Integer.class).single()).isZero();
  }
}
