package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
        home.resolve("logs/kafka-1.log"), System.getProperty("java.class.path"),
        new PrintStream(consoleBytes, true, StandardCharsets.UTF_8));
    KafkaCluster cluster = new KafkaCluster(List.of(broker), new PrintStream(consoleBytes, true, StandardCharsets.UTF_8));
    cluster.formatIfNeeded(Duration.ofSeconds(120));
    ChildProcess process = broker.start(false);
    try {
      cluster.awaitServing(Instant.now().plusSeconds(120), () -> null);

      try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("launcher.check", "CA1", "שלום")).get();
      }
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
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
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
        var features = admin.describeFeatures().featureMetadata().get().finalizedFeatures();
        assertThat(features.get("share.version")).as("share groups are available to the services").isNotNull();
        assertThat(features.get("share.version").maxVersionLevel()).isGreaterThanOrEqualTo((short) 1);
      }
    } finally {
      process.stop(Duration.ofSeconds(30));
    }

    assertThat(process.isAlive()).isFalse();
    assertThat(process.onExit().join().exitValue()).as("exit code after SIGTERM").isIn(0, 143);
    assertThat(Files.readString(home.resolve("kafka/server.properties"))).contains("process.roles=broker,controller");
    assertThat(Files.readString(home.resolve("logs/kafka-1.log"))).contains("Kafka Server started");
    assertThat(home.resolve("kafka-data/meta.properties")).exists();
  }
}
