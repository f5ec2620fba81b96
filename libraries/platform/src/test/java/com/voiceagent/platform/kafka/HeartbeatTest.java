package com.voiceagent.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.InstanceHeartbeat;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

@EmbeddedKafka(partitions = 1, topics = "platform.instances")
class HeartbeatTest {

  @Test
  void anInstancePublishesItsHeartbeatEveryIntervalKeyedByItsId(EmbeddedKafkaBroker broker) {
    DefaultKafkaProducerFactory<String, SpecificRecord> factory = new DefaultKafkaProducerFactory<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(), new AnyAvroSerializer());
    var heartbeat = new Heartbeat(new EventPublisher(new KafkaTemplate<>(factory), "stt-7"), "stt-7", "stt-service",
        Duration.ofMillis(100), Clock.systemUTC()).every();
    List<ConsumerRecord<String, SpecificRecord>> seen = new CopyOnWriteArrayList<>();
    try (var consumer = new KafkaConsumer<String, SpecificRecord>(Map.of("bootstrap.servers", broker.getBrokersAsString(),
        "group.id", "heartbeat-test", "auto.offset.reset", "earliest"), new StringDeserializer(), new CatalogueDeserializer())) {
      consumer.subscribe(List.of(Topics.INSTANCES.name()));
      heartbeat.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        return seen.size() >= 3;
      });
      heartbeat.stop();
    } finally {
      factory.destroy();
    }
    assertThat(heartbeat.isRunning()).isFalse();
    assertThat(seen).allSatisfy(record -> {
      assertThat(record.key()).isEqualTo("stt-7");
      InstanceHeartbeat beat = (InstanceHeartbeat) record.value();
      assertThat(beat.getService()).isEqualTo("stt-service");
      assertThat(beat.getIntervalMs()).isEqualTo(100);
    });
    InstanceHeartbeat first = (InstanceHeartbeat) seen.get(0).value();
    InstanceHeartbeat third = (InstanceHeartbeat) seen.get(2).value();
    assertThat(third.getStartedAt()).isEqualTo(first.getStartedAt());
    assertThat(third.getEventTime()).isAfter(first.getEventTime());
  }

  @Test
  void aNonPositiveIntervalIsRefusedNamingTheSetting() {
    EventPublisher publisher = new EventPublisher(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of())), "gw-1");
    assertThatThrownBy(() -> new Heartbeat(publisher, "gw-1", "gateway", Duration.ZERO, Clock.systemUTC()))
        .hasMessage("voice.platform.heartbeat-interval must be positive, was PT0S");
  }
}
