package com.voiceagent.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** Group lag as a real (embedded KRaft) broker reports it: records a share group has not acknowledged, records after a
 * consumer group's committed offset. */
@EmbeddedKafka(partitions = 1, topics = GroupLagIT.TOPIC, brokerProperties = {
    "share.coordinator.state.topic.replication.factor=1",
    "share.coordinator.state.topic.min.isr=1"})
class GroupLagIT {
  static final String TOPIC = "lag-it.work";
  static final String GROUP = "lag-it";
  static final String CONSUMERS = "lag-it-consumers";

  @Test
  void theGaugeShowsTheRecordsTheGroupHasNotAcknowledged(EmbeddedKafkaBroker broker) throws Exception {
    Map<String, Object> bootstrap = Map.of("bootstrap.servers", broker.getBrokersAsString());
    try (Admin admin = Admin.create(bootstrap)) {
      // The group starts at the oldest record, so the records below are its backlog.
      admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, GROUP), List.of(new AlterConfigOp(
          new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET)))).all().get();
    }
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(bootstrap, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 7; i++) {
        producer.send(new ProducerRecord<>(TOPIC, "CA" + i, "work " + i)).get();
      }
    }
    acceptThree(broker.getBrokersAsString());

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (GroupLag lag = new GroupLag(registry, () -> Map.of(GROUP, List.of(TOPIC)), Map::of, () -> Admin.create(bootstrap))) {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        lag.refresh();
        assertThat(registry.get(GroupLag.SHARE_GROUP_LAG).tags("group", GROUP, "topic", TOPIC).gauge().value()).isEqualTo(4);
      });
    }
  }

  @Test
  void theConsumerGroupGaugeShowsTheRecordsAfterTheGroupsCommittedOffset(EmbeddedKafkaBroker broker) throws Exception {
    Map<String, Object> bootstrap = Map.of("bootstrap.servers", broker.getBrokersAsString());
    long end;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(bootstrap, new StringSerializer(), new StringSerializer())) {
      long last = 0;
      for (int i = 0; i < 6; i++) {
        last = producer.send(new ProducerRecord<>(TOPIC, "CA" + i, "more " + i)).get().offset();
      }
      end = last + 1;
    }
    try (Admin admin = Admin.create(bootstrap)) { // the group has handled all but the last 5 records
      admin.alterConsumerGroupOffsets(CONSUMERS, Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(end - 5)))
          .all().get();
    }

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (GroupLag lag = new GroupLag(registry, Map::of, () -> Map.of(CONSUMERS, List.of(TOPIC)), () -> Admin.create(bootstrap))) {
      lag.refresh();

      assertThat(registry.get(GroupLag.CONSUMER_GROUP_LAG).tags("group", CONSUMERS, "topic", TOPIC).gauge().value())
          .isEqualTo(5);
    }
  }

  @Test
  void aBrokerThatDoesNotAnswerReadsNaN() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Map<String, Object> nowhere = Map.of("bootstrap.servers", "localhost:1", "request.timeout.ms", 1000,
        "default.api.timeout.ms", 2000);
    try (GroupLag lag = new GroupLag(registry, () -> Map.of(GROUP, List.of(TOPIC)), () -> Map.of(CONSUMERS, List.of(TOPIC)),
        () -> Admin.create(nowhere))) {
      lag.refresh();

      assertThat(registry.get(GroupLag.SHARE_GROUP_LAG).tags("group", GROUP, "topic", TOPIC).gauge().value()).isNaN();
      assertThat(registry.get(GroupLag.CONSUMER_GROUP_LAG).tags("group", CONSUMERS, "topic", TOPIC).gauge().value()).isNaN();
    }
  }

  /** A consumer of the group accepts three records and gives back any others it was handed. */
  private static void acceptThree(String brokers) {
    Map<String, Object> config = Map.of("bootstrap.servers", brokers, "group.id", GROUP,
        "share.acknowledgement.mode", "explicit", "max.poll.records", 1);
    try (KafkaShareConsumer<String, String> consumer = new KafkaShareConsumer<>(config, new StringDeserializer(),
        new StringDeserializer())) {
      consumer.subscribe(List.of(TOPIC));
      int accepted = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (accepted < 3 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          consumer.acknowledge(record, accepted < 3 ? AcknowledgeType.ACCEPT : AcknowledgeType.RELEASE);
          if (accepted < 3) {
            accepted++;
          }
        }
        consumer.commitSync();
      }
      assertThat(accepted).as("records accepted").isEqualTo(3);
    }
  }
}
