package com.voiceagent.platform.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CancelReason;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.ContainerTestUtils;

/** The one record policy of every stage, against a real (embedded KRaft) broker. */
@SpringBootTest(classes = StagesIT.App.class, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "voice.platform.instance-id=stages-it",
    "voice.platform.max-record-age=5s"})
@EmbeddedKafka(partitions = 1)
class StagesIT {

  /** What the test stages saw: "callSid/turn/mdc-callSid" per handled record. */
  static final List<String> voiceHandled = new CopyOnWriteArrayList<>();
  static final List<String> broadcastHandled = new CopyOnWriteArrayList<>();
  static final List<String> durableHandled = new CopyOnWriteArrayList<>();
  static final AtomicInteger durableFailuresLeft = new AtomicInteger();

  @SpringBootApplication
  static class App {
    @Bean
    String stagesDeclared(Stages stages) {
      stages.stage("test-voice").group("stages-it-voice").delivery(Delivery.VOICE)
          .on(Topics.CONTROL, inbound -> {
            TurnCancelled value = inbound.value();
            if (value.getHeardText().equals("explode")) {
              throw new IllegalStateException("this record breaks the handler");
            }
            voiceHandled.add(inbound.key() + "/" + value.getTurn() + "/" + MDC.get("callSid"));
          })
          .start();
      stages.stage("test-broadcast").delivery(Delivery.BROADCAST)
          .on(Topics.CONTROL, inbound -> broadcastHandled.add(inbound.key()))
          .start();
      stages.stage("test-durable").group("stages-it-durable").delivery(Delivery.DURABLE)
          .retryWhile(failure -> failure instanceof java.io.UncheckedIOException)
          .on(Topics.WHATSAPP_INBOUND, inbound -> {
            if (durableFailuresLeft.getAndDecrement() > 0) {
              throw new java.io.UncheckedIOException(new java.io.IOException("database away"));
            }
            durableHandled.add(inbound.value().getMessageSid());
          })
          .start();
      return "declared";
    }
  }

  @Autowired EventPublisher publisher;
  @Autowired Stages stages;
  @Autowired EmbeddedKafkaBroker broker;

  private void awaitAssigned() {
    // Every catalogue topic has the same partition count; each test stage reads one topic.
    stages.containers().forEach(container -> ContainerTestUtils.waitForAssignment(container, Topics.CONTROL.partitions()));
  }

  @Test
  void aRecordReachesItsHandlerWithItsKeyAndTheCallInTheLogContext() {
    awaitAssigned();
    publisher.publish(Topics.CONTROL, cancel("CA-ok", 4, "", Instant.now()));
    await().atMost(Duration.ofSeconds(20)).until(() -> voiceHandled.contains("CA-ok/4/CA-ok"));
    await().atMost(Duration.ofSeconds(20)).until(() -> broadcastHandled.contains("CA-ok"));
  }

  @Test
  void aRecordAfterAQuietSpellIsHandledWithoutWaitingOutAPoll() throws Exception {
    awaitAssigned();
    publisher.publish(Topics.CONTROL, cancel("CA-warm", 1, "", Instant.now()));
    await().atMost(Duration.ofSeconds(20)).until(() -> voiceHandled.contains("CA-warm/1/CA-warm"));
    // Longer than fetch.max.wait: the consumer's fetch comes back empty. Kafka 4.2's consumer then sent no
    // new fetch until the poll ended, and the next record waited up to Spring's default poll of 5 s.
    Thread.sleep(1_500);
    long published = System.nanoTime();
    publisher.publish(Topics.CONTROL, cancel("CA-quiet", 1, "", Instant.now()));
    await().atMost(Duration.ofSeconds(20)).until(() -> voiceHandled.contains("CA-quiet/1/CA-quiet"));
    assertThat(Duration.ofNanos(System.nanoTime() - published)).as("from publish to handler")
        .isLessThan(Duration.ofMillis(1_000));
  }

  @Test
  void stagesConsumeAgainAfterTheApplicationWasPausedAndResumed() {
    awaitAssigned();
    // Spring stops the lifecycle beans of a context that is not in use (a cached test context, a paused
    // application) and starts them again: the stages' lanes must survive that.
    stages.stop();
    stages.start();
    awaitAssigned();
    publisher.publish(Topics.CONTROL, cancel("CA-resumed", 1, "", Instant.now()));
    await().atMost(Duration.ofSeconds(20)).until(() -> voiceHandled.contains("CA-resumed/1/CA-resumed"));
  }

  @Test
  void theServiceIsConsumingOnceEveryStageWasTakenInAndNoLongerOnceStopped() {
    awaitAssigned();
    await().atMost(Duration.ofSeconds(20)).until(stages::consuming);
    stages.stop();
    assertThat(stages.consuming()).isFalse();
    stages.start();
    await().atMost(Duration.ofSeconds(20)).until(stages::consuming);
  }

  @Test
  void anInstanceBeyondThePartitionCountIsTakenInWithAnEmptyAssignmentAndCountsAsReady() throws Exception {
    // Two members of one group (the consumer group protocol, as the stages use it) on a one-partition topic:
    // one of them gets nothing, and must be ready all the same, to take over when the other dies.
    Map<String, Object> config = Map.of("bootstrap.servers", broker.getBrokersAsString(), "group.id", "readiness-it",
        "group.protocol", "consumer", "key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class,
        "value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
    StageReadiness first = new StageReadiness();
    StageReadiness second = new StageReadiness();
    first.expect("one");
    second.expect("one");
    try (var a = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(config);
        var b = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(config)) {
      a.subscribe(java.util.List.of(Topics.INSTANCES.name()), first.listenerFor("one"));
      b.subscribe(java.util.List.of(Topics.INSTANCES.name()), second.listenerFor("one"));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        a.poll(Duration.ofMillis(100));
        b.poll(Duration.ofMillis(100));
        return first.ready() && second.ready();
      });
      assertThat(a.assignment().size() + b.assignment().size()).as("one partition between them").isEqualTo(1);
    }
  }

  @Test
  void aRecordOfTheWrongTypeIsDeadLetteredAndTheNextOneIsHandled() {
    awaitAssigned();
    publisher.publish(Topics.CONTROL, cancel("CA-before-wrong", 1, "", Instant.now()));
    // A valid Avro record, of a type voice.control does not carry, written under its name.
    new org.springframework.kafka.core.KafkaTemplate<>(new org.springframework.kafka.core.DefaultKafkaProducerFactory<>(
        Map.<String, Object>of("bootstrap.servers", broker.getBrokersAsString()),
        new org.apache.kafka.common.serialization.StringSerializer(), Topics.WHATSAPP_INBOUND.serde()))
        .send(Topics.CONTROL.name(), "CA-wrong-type", inbound("SM-wrong"));
    publisher.publish(Topics.CONTROL, cancel("CA-after-wrong", 1, "", Instant.now()));

    await().atMost(Duration.ofSeconds(20)).until(() -> voiceHandled.contains("CA-after-wrong/1/CA-after-wrong"));
    assertThat(deadLetterKeys(Topics.CONTROL.name())).contains("CA-wrong-type");
  }

  @Test
  void aRecordOlderThanTheMaxAgeIsSkippedNotHandledAndNotDeadLettered() {
    awaitAssigned();
    publisher.publish(Topics.CONTROL, cancel("CA-stale", 1, "", Instant.now().minusSeconds(60)));
    publisher.publish(Topics.CONTROL, cancel("CA-fresh", 1, "", Instant.now()));
    await().atMost(Duration.ofSeconds(20)).until(() -> voiceHandled.contains("CA-fresh/1/CA-fresh"));
    assertThat(voiceHandled).noneMatch(seen -> seen.startsWith("CA-stale"));
    assertThat(deadLetterKeys(Topics.CONTROL.name())).doesNotContain("CA-stale");
  }

  @Test
  void aHandlerFailureIsDeadLetteredAndTheCallsNextRecordIsHandled() {
    awaitAssigned();
    publisher.publish(Topics.CONTROL, cancel("CA-explodes", 1, "explode", Instant.now()));
    publisher.publish(Topics.CONTROL, cancel("CA-explodes", 2, "", Instant.now()));
    await().atMost(Duration.ofSeconds(20)).until(() -> voiceHandled.contains("CA-explodes/2/CA-explodes"));
    await().atMost(Duration.ofSeconds(20)).until(() -> deadLetterKeys(Topics.CONTROL.name()).contains("CA-explodes"));
  }

  @Test
  void aDurableRecordIsRetriedThroughATransientFailureAndCommittedOnlyOnceHandled() throws Exception {
    awaitAssigned();
    durableFailuresLeft.set(2);
    publisher.publish(Topics.WHATSAPP_INBOUND, inbound("SM-retried"));
    try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
      // During the first retry (1 s backoff) nothing is committed past the record.
      await().atMost(Duration.ofSeconds(10)).until(() -> durableFailuresLeft.get() <= 1);
      assertThat(committedRecords(admin)).as("nothing committed while the record fails").isZero();

      await().atMost(Duration.ofSeconds(20)).until(() -> durableHandled.contains("SM-retried"));
      await().atMost(Duration.ofSeconds(20)).until(() -> committedRecords(admin) == 1);
    }
    assertThat(deadLetterKeys(Topics.WHATSAPP_INBOUND.name())).isEmpty();
  }

  /** Records of whatsapp.inbound the durable stage's group has committed, over all partitions. */
  private static long committedRecords(AdminClient admin) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("stages-it-durable")
        .partitionsToOffsetAndMetadata().get();
    return offsets.values().stream().filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
  }

  private List<String> deadLetterKeys(String topic) {
    try (var consumer = new KafkaConsumer<String, byte[]>(Map.of("bootstrap.servers", broker.getBrokersAsString(),
        "group.id", "dlt-reader-" + System.nanoTime(), "auto.offset.reset", "earliest"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic + ".DLT"));
      List<String> keys = new CopyOnWriteArrayList<>();
      long until = System.currentTimeMillis() + 3_000;
      while (System.currentTimeMillis() < until) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          keys.add(record.key());
        }
      }
      return keys;
    }
  }

  private static TurnCancelled cancel(String callSid, int turn, String heard, Instant eventTime) {
    return TurnCancelled.newBuilder().setCallSid(callSid).setTurn(turn).setProducer("test").setEventTime(eventTime)
        .setReason(CancelReason.BARGE_IN).setHeardSegments(0).setHeardText(heard).build();
  }

  private static WhatsAppInbound inbound(String messageSid) {
    return WhatsAppInbound.newBuilder().setConversationId("whatsapp:+972501234567").setTurn(1).setProducer("test")
        .setEventTime(Instant.now()).setMessageSid(messageSid).setFrom("whatsapp:+972501234567")
        .setTo("whatsapp:+14155238886").setBody("שלום").build();
  }
}
