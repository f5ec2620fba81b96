package com.voiceagent.gateway.kafka;

import com.voiceagent.events.InstanceHeartbeat;
import com.voiceagent.schemas.AvroSerde;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the reply topics of gateways that are gone. Every gateway instance creates voice.audio.&lt;its id&gt;;
 * one that restarts under a new id (the default id has a random part) leaves the old topic behind. A gateway
 * is gone when platform.instances holds no heartbeat of its id for {@link ReplyTopics#expiry()}. Every gateway
 * runs this; deleting a topic twice is harmless, and a gateway never deletes its own.
 */
final class ReplyTopicJanitor {
  private static final Logger log = LoggerFactory.getLogger(ReplyTopicJanitor.class);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private final Map<String, Object> admin;
  private final Map<String, Object> consumer;
  private final String ownTopic;
  private final Duration expiry;
  private final Clock clock;
  private final AvroSerde<InstanceHeartbeat> heartbeats = Topics.INSTANCES.serde();

  ReplyTopicJanitor(Map<String, Object> adminProperties, Map<String, Object> consumerProperties, String ownTopic,
      Duration expiry, Clock clock) {
    this.admin = Map.copyOf(adminProperties);
    this.consumer = Map.copyOf(consumerProperties);
    this.ownTopic = Objects.requireNonNull(ownTopic, "ownTopic");
    this.expiry = Objects.requireNonNull(expiry, "expiry");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Deletes the reply topics of gateways not heard from within the expiry; returns their names. */
  Set<String> sweep() {
    try (Admin admin = Admin.create(this.admin)) {
      Set<String> orphans = new HashSet<>();
      for (String topic : admin.listTopics().names().get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        if (topic.startsWith(Topics.REPLY_AUDIO_PREFIX) && !topic.equals(ownTopic)) {
          orphans.add(topic);
        }
      }
      if (orphans.isEmpty()) {
        return orphans;
      }
      for (String alive : instancesHeardFrom(clock.instant().minus(expiry))) {
        orphans.remove(Topics.REPLY_AUDIO_PREFIX + alive);
      }
      if (!orphans.isEmpty()) {
        admin.deleteTopics(orphans).all().get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        log.info("deleted the reply topics of gateways gone for over {}: {}", expiry, orphans);
      }
      return orphans;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while cleaning up reply topics", e);
    } catch (Exception e) {
      throw new IllegalStateException("could not clean up reply topics: " + e, e);
    }
  }

  /** Instance ids with a heartbeat on platform.instances since {@code since}. */
  private Set<String> instancesHeardFrom(Instant since) {
    Map<String, Object> config = new HashMap<>(consumer);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Set<String> alive = new HashSet<>();
    try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.INSTANCES.name(), READ_TIMEOUT).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> from = new HashMap<>();
      partitions.forEach(p -> from.put(p, since.toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(from, READ_TIMEOUT);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
      for (TopicPartition partition : partitions) {
        OffsetAndTimestamp first = start.get(partition);
        consumer.seek(partition, first == null ? end.get(partition) : first.offset());
      }
      Instant deadline = clock.instant().plus(READ_TIMEOUT);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && clock.instant().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.value() != null && record.timestamp() >= since.toEpochMilli()) {
            alive.add(heartbeats.deserialize(record.topic(), record.value()).getInstanceId());
          }
        }
      }
    }
    return alive;
  }
}
