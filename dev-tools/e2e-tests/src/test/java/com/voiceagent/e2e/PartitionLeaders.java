package com.voiceagent.e2e;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.utils.Utils;

/**
 * Which broker leads the partition a key goes to, for the broker failover tests that kill that one: the topic as the
 * Admin client describes it now, the partition as Kafka's default partitioner picks it (murmur2 of the key's UTF-8
 * bytes, which is what the services' StringSerializer keys are).
 */
final class PartitionLeaders {
  private final TopicDescription description;

  private PartitionLeaders(TopicDescription description) {
    this.description = description;
  }

  static PartitionLeaders of(String bootstrapServers, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      return new PartitionLeaders(admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic));
    }
  }

  int partitionOf(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % description.partitions().size();
  }

  /** The id of the broker leading the key's partition. */
  int leaderOf(String key) {
    return description.partitions().get(partitionOf(key)).leader().id();
  }
}
