package com.voiceagent.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.CancelReason;
import com.voiceagent.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** The shared Kafka wiring against a real (embedded KRaft) broker: Avro round trip and dead letters. */
@SpringBootTest(classes = PlatformKafkaIT.App.class, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "spring.kafka.consumer.group-id=platform-test",
    "voice.platform.caller-audio-retention=3d"})
@EmbeddedKafka(partitions = 1)
class PlatformKafkaIT {

  @SpringBootApplication
  static class App {
    final List<ConsumerRecord<String, SpecificRecord>> received = new CopyOnWriteArrayList<>();

    @KafkaListener(topics = "voice.control")
    void listen(ConsumerRecord<String, SpecificRecord> record) {
      received.add(record);
    }

    @Bean
    String marker() {
      return "app";
    }
  }

  @Autowired EventPublisher publisher;
  @Autowired App app;
  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void theCallersVoiceIsKeptAsLongAsCallerAudioRetentionSaysAndOtherTopicsAsTheCatalogueSays() throws Exception {
    try (var admin = org.apache.kafka.clients.admin.Admin.create(java.util.Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
      var utterances = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
          Topics.UTTERANCES.name());
      var transcripts = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
          Topics.TRANSCRIPTS.name());
      var configs = admin.describeConfigs(List.of(utterances, transcripts)).all().get();
      assertThat(configs.get(utterances).get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofDays(3).toMillis()));
      assertThat(configs.get(transcripts).get("retention.ms").value())
          .isEqualTo(Long.toString(Topics.TRANSCRIPTS.retention().toMillis()));
    }
  }

  @Test
  void anEventRoundTripsThroughTheBrokerAsAvro() {
    TurnCancelled event = TurnCancelled.newBuilder().setCallSid("CA-roundtrip").setTurn(3).setProducer("test")
        .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L)).setReason(CancelReason.BARGE_IN).setHeardSegments(1)
        .setHeardText("שלום").build();
    publisher.publish(Topics.CONTROL, event);
    await().atMost(Duration.ofSeconds(20)).until(() -> app.received.stream().anyMatch(r -> "CA-roundtrip".equals(r.key())));
    ConsumerRecord<String, SpecificRecord> got = app.received.stream().filter(r -> "CA-roundtrip".equals(r.key())).findFirst().orElseThrow();
    assertThat(got.value()).isEqualTo(event);
    assertThat(got.headers().lastHeader(EventPublisher.PRODUCER_HEADER)).isNotNull();
  }

  @Test
  void aPoisonedRecordGoesToTheDeadLetterTopicAndDoesNotBlockThePartition() {
    try (var producer = new KafkaProducer<String, byte[]>(java.util.Map.of("bootstrap.servers", broker.getBrokersAsString()),
        new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>("voice.control", "CA-poison", "not avro".getBytes()));
    }
    TurnCancelled after = TurnCancelled.newBuilder().setCallSid("CA-after-poison").setTurn(1).setProducer("test")
        .setEventTime(Instant.now()).setReason(CancelReason.CALL_ENDED).build();
    publisher.publish(Topics.CONTROL, after);
    await().atMost(Duration.ofSeconds(20)).until(() -> app.received.stream().anyMatch(r -> "CA-after-poison".equals(r.key())));
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(java.util.Map.of(
        "bootstrap.servers", broker.getBrokersAsString(), "group.id", "dlt-reader", "auto.offset.reset", "earliest"),
        new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      consumer.subscribe(List.of("voice.control.DLT"));
      List<ConsumerRecord<String, byte[]>> dead = new CopyOnWriteArrayList<>();
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
        return dead.stream().anyMatch(r -> "CA-poison".equals(r.key()));
      });
      ConsumerRecord<String, byte[]> poisoned = dead.stream().filter(r -> "CA-poison".equals(r.key())).findFirst().orElseThrow();
      assertThat(new String(poisoned.value())).isEqualTo("not avro");
      assertThat(poisoned.headers().lastHeader("kafka_dlt-exception-message")).isNotNull();
    }
  }
}
