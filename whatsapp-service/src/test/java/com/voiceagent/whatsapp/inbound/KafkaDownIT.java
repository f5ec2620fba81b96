package com.voiceagent.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.events.WhatsAppStatus;
import com.voiceagent.fixtures.PortForwarder;
import com.voiceagent.schemas.Topics;
import com.voiceagent.whatsapp.support.WhatsAppIntegrationTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The broker is away while Twilio delivers a WhatsApp message and a status callback (Twilio retries only
 * when it cannot connect, not on a 503): both are answered 200 at once and kept in PostgreSQL; when the broker
 * starts on the port the service was given, the relay publishes each exactly once. The tests run in order
 * because the broker's absence, then its return, is the state they share.
 */
@TestPropertySource(properties = {
    "spring.kafka.admin.auto-create=false",
    // The broker is away while the service runs; a service starting without one would stop (BrokerAtStartup).
    "voice.platform.broker-startup-timeout=0s",
    "spring.kafka.listener.auto-startup=false",
    // Anything on a webhook's path that waited for the broker would take at least this long.
    "spring.kafka.producer.properties.max.block.ms=10000",
    // Startup sets each consumer group's settings through an admin client: without a broker, give up soon.
    "spring.kafka.admin.properties.default.api.timeout.ms=2000",
    "spring.kafka.admin.properties.request.timeout.ms=1000",
    "voice.platform.warm-up-timeout=1s",
    "voice.whatsapp.kafka-ack-timeout=3s",
    "voice.whatsapp.events.lease=6s",
    "voice.whatsapp.events.relay-interval=300ms"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext // its broker is gone after the last test: no other class may get this application
class KafkaDownIT extends WhatsAppIntegrationTest {
  static final int KAFKA_PORT = PortForwarder.freePort();
  static final String CUSTOMER = newCustomer();
  static final String MESSAGE_SID = newMessageSid();
  static final String STATUS_SID = newMessageSid();
  /** Twilio waits 15 s; the answer must not wait for the broker at all (max.block.ms is 10 s here). */
  static final Duration PROMPT = Duration.ofSeconds(5);
  private static EmbeddedKafkaKraftBroker returningBroker;
  private static PortForwarder forwarder;

  @DynamicPropertySource
  static void absentBroker(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> "localhost:" + KAFKA_PORT);
  }

  @AfterAll
  static void stopBroker() throws IOException {
    if (forwarder != null) {
      forwarder.close();
    }
    if (returningBroker != null) {
      returningBroker.destroy();
    }
  }

  int unpublished() {
    return jdbc.sql("select count(*) from inbound_outbox where published_at is null").query(Integer.class).single();
  }

  @Test
  @Order(1)
  void whileTheBrokerIsAwayAMessageAndAStatusAreAnswered200AtOnceAndKeptInTheDatabase() {
    get("/health", null); // the web stack's first request is slow: not what is measured
    long started = System.nanoTime();
    HttpResponse<String> inbound = postSigned("/webhook/whatsapp/incoming", inboundForm(MESSAGE_SID, CUSTOMER, "are you open?"));
    Duration inboundTook = Duration.ofNanos(System.nanoTime() - started);
    started = System.nanoTime();
    HttpResponse<String> status = postSigned("/webhook/whatsapp/status",
        Map.of("MessageSid", STATUS_SID, "MessageStatus", "delivered", "To", CUSTOMER, "From", OUR_NUMBER));
    Duration statusTook = Duration.ofNanos(System.nanoTime() - started);

    assertThat(inbound.statusCode()).isEqualTo(200);
    assertThat(inbound.body()).contains("<Response/>");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(inboundTook).isLessThan(PROMPT);
    assertThat(statusTook).isLessThan(PROMPT);
    assertThat(jdbc.sql("select body from inbound_message where message_sid = ?").param(MESSAGE_SID).query(String.class).single())
        .isEqualTo("are you open?");
    assertThat(jdbc.sql("select status from message_status where message_sid = ?").param(STATUS_SID).query(String.class).single())
        .isEqualTo("delivered");
    // Both wait for the broker, and the relay keeps trying without losing them.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> unpublished() == 2);
    // Twilio delivering the message again (its own retry, or a replay) keeps nothing more.
    assertThat(postSigned("/webhook/whatsapp/incoming", inboundForm(MESSAGE_SID, CUSTOMER, "are you open?")).statusCode()).isEqualTo(200);
    assertThat(jdbc.sql("select count(*) from inbound_outbox").query(Integer.class).single()).isEqualTo(2);
  }

  @Test
  @Order(2)
  void whenTheBrokerReturnsTheRelayPublishesEachExactlyOnce() throws IOException {
    returningBroker = new EmbeddedKafkaKraftBroker(1, 1);
    returningBroker.afterPropertiesSet();
    returningBroker.addTopics(Topics.WHATSAPP_INBOUND.newTopic((short) 1), Topics.WHATSAPP_STATUS.newTopic((short) 1));
    String brokers = returningBroker.getBrokersAsString();
    // The KRaft test broker takes a port of its own choosing: it is reached through the port the service was given.
    forwarder = PortForwarder.start(KAFKA_PORT, Integer.parseInt(brokers.replaceAll(".*:", "")));

    await().atMost(Duration.ofSeconds(60)).until(() -> unpublished() == 0);
    // A few more relay passes: nothing is published again.
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(records(brokers, Topics.WHATSAPP_INBOUND.name())).map(r -> (WhatsAppInbound) r.value())
        .singleElement().satisfies(m -> {
          assertThat(m.getMessageSid()).isEqualTo(MESSAGE_SID);
          assertThat(m.getBody()).isEqualTo("are you open?");
        });
    assertThat(records(brokers, Topics.WHATSAPP_STATUS.name())).map(r -> (WhatsAppStatus) r.value())
        .singleElement().satisfies(s -> assertThat(s.getMessageSid()).isEqualTo(STATUS_SID));
  }

}
