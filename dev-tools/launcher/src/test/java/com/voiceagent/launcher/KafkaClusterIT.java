package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
    LocalKafkaCluster cluster = LocalKafkaCluster.start(home, 3, System.getProperty("java.class.path"),
        Duration.ofSeconds(180));
    try {
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

        cluster.kill(2); // SIGKILL: no controlled shutdown; the others learn it from missing heartbeats
        assertThat(cluster.isAlive(2)).isFalse();

        for (int partition = 0; partition < 3; partition++) {
          var written = producer.send(new ProducerRecord<>("launcher.failover", partition, "CA1", "after"))
              .get(60, TimeUnit.SECONDS);
          assertThat(written.offset()).as("partition %d took the write with one node dead", partition).isEqualTo(1);
        }
      }
    } finally {
      cluster.close();
    }
    assertThat(IntStream.rangeClosed(1, 3)).noneMatch(cluster::isAlive);
  }
}
