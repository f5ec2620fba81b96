package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real broker, started exactly as ./voice up starts it: a child JVM on this module's classpath. */
class KafkaBrokerIT {
  @TempDir Path home;

  @Test
  void theBrokerChildProcessServesProducersAndConsumersAndStopsCleanly() throws Exception {
    int clientPort = PortCheck.anyFreePort();
    int controllerPort = PortCheck.anyFreePort();
    ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    KafkaBroker broker = new KafkaBroker(
        new KafkaBrokerConfig(clientPort, controllerPort, home.resolve("kafka-data")), home.resolve("kafka"),
        home.resolve("logs/kafka.log"), System.getProperty("java.class.path"),
        new PrintStream(consoleBytes, true, StandardCharsets.UTF_8));
    try {
      broker.start(Duration.ofSeconds(120));

      try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("launcher.check", "CA1", "שלום")).get();
      }
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, "launcher-test",
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(List.of("launcher.check"));
        ConsumerRecord<String, String> record = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (record == null && System.nanoTime() < deadline) {
          var records = consumer.poll(Duration.ofMillis(500));
          if (!records.isEmpty()) {
            record = records.iterator().next();
          }
        }
        assertThat(record).as("record read back from the broker").isNotNull();
        assertThat(record.key()).isEqualTo("CA1");
        assertThat(record.value()).isEqualTo("שלום");
      }
    } finally {
      broker.close();
    }

    assertThat(broker.process().isAlive()).isFalse();
    assertThat(broker.process().onExit().join().exitValue()).as("exit code after SIGTERM").isIn(0, 143);
    assertThat(Files.readString(home.resolve("kafka/server.properties"))).contains("process.roles=broker,controller");
    assertThat(Files.readString(home.resolve("logs/kafka.log"))).contains("Kafka Server started");
    assertThat(home.resolve("kafka-data/meta.properties")).exists();
  }
}
