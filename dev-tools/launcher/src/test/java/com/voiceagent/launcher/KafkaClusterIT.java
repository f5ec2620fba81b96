package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three real nodes formatted and started as ./voice up --brokers 3 does; one of them is killed. */
class KafkaClusterIT {
  @TempDir Path home;

  @Test
  void aClusterOfThreeKeepsAcceptingWritesThatNeedTwoReplicasWhenOneNodeIsKilled() throws Exception {
    int kafkaPort = freeBlock();
    LauncherSettings settings = LauncherSettings.from(Map.of("VOICE_HOME", home.toString(),
            "KAFKA_PORT", Integer.toString(kafkaPort), "KAFKA_CONTROLLER_PORT", Integer.toString(kafkaPort + 1),
            "PG_PORT", Integer.toString(kafkaPort + 7), "GATEWAY_PORT", Integer.toString(kafkaPort + 8),
            "WHATSAPP_PORT", Integer.toString(kafkaPort + 9)),
        new UpCommandLine(null, "3", false, false), home);
    PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    KafkaCluster cluster = KafkaCluster.local(settings, System.getProperty("java.class.path"), console);
    cluster.formatIfNeeded(Duration.ofSeconds(120));
    List<ChildProcess> nodes = cluster.brokers().stream().map(broker -> broker.start(false)).toList();
    try {
      cluster.awaitServing(Instant.now().plusSeconds(180), () -> null);
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("launcher.failover", 3, (short) 3))).all().get(60, TimeUnit.SECONDS);
        assertThat(admin.describeCluster().nodes().get().stream().map(n -> n.id()).collect(Collectors.toSet()))
            .containsExactlyInAnyOrder(1, 2, 3);
      }
      Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
          ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
          new StringSerializer())) {
        for (int partition = 0; partition < 3; partition++) {
          producer.send(new ProducerRecord<>("launcher.failover", partition, "CA1", "before")).get(30, TimeUnit.SECONDS);
        }

        // SIGKILL: no controlled shutdown, as when a machine dies; the others learn it from missing heartbeats.
        ProcessHandle.of(nodes.get(1).pid()).orElseThrow().destroyForcibly();
        nodes.get(1).onExit().get(30, TimeUnit.SECONDS);

        for (int partition = 0; partition < 3; partition++) {
          var written = producer.send(new ProducerRecord<>("launcher.failover", partition, "CA1", "after"))
              .get(60, TimeUnit.SECONDS);
          assertThat(written.offset()).as("partition %d took the write with one node dead", partition).isEqualTo(1);
        }
      }
    } finally {
      try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        nodes.forEach(node -> threads.execute(() -> node.stop(Duration.ofSeconds(30))));
      }
    }
    assertThat(nodes).noneMatch(ChildProcess::isAlive);
  }

  /** Ten consecutive free ports: three brokers' client and controller ports step by two from the first. */
  private static int freeBlock() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first = 20_000 + new java.util.Random().nextInt(30_000);
      if (java.util.stream.IntStream.range(first, first + 10).allMatch(PortCheck::isFree)) {
        return first;
      }
    }
    throw new IllegalStateException("no block of 10 free ports");
  }
}
