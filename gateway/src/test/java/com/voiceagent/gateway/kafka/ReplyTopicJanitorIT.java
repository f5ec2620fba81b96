package com.voiceagent.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.events.InstanceHeartbeat;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** Reply topics of gateways gone for good are deleted; those of live gateways, and one's own, never. */
@EmbeddedKafka(partitions = 1, topics = "platform.instances")
class ReplyTopicJanitorIT {

  @Test
  void theTopicsOfGatewaysWithoutARecentHeartbeatAreDeleted(EmbeddedKafkaBroker broker) throws Exception {
    Map<String, Object> kafka = Map.of("bootstrap.servers", broker.getBrokersAsString());
    Instant now = Instant.now();
    try (Admin admin = Admin.create(kafka)) {
      admin.createTopics(List.of("never-beat", "beat-long-ago", "beats-now", "me").stream()
          .map(id -> new NewTopic(Topics.REPLY_AUDIO_PREFIX + id, 1, (short) 1)).toList()).all().get(20, TimeUnit.SECONDS);
      try (var producer = new KafkaProducer<>(kafka, new StringSerializer(), Topics.INSTANCES.serde())) {
        producer.send(heartbeat("beat-long-ago", now.minus(Duration.ofHours(2)))).get();
        producer.send(heartbeat("beats-now", now.minusSeconds(5))).get();
      }

      var deleted = new ReplyTopicJanitor(kafka, kafka, Topics.REPLY_AUDIO_PREFIX + "me", Duration.ofHours(1),
          Clock.systemUTC()).sweep();

      assertThat(deleted).containsExactlyInAnyOrder("voice.audio.never-beat", "voice.audio.beat-long-ago");
      assertThat(admin.listTopics().names().get(20, TimeUnit.SECONDS))
          .contains("voice.audio.beats-now", "voice.audio.me")
          .doesNotContain("voice.audio.never-beat", "voice.audio.beat-long-ago");
    }
  }

  /** A heartbeat whose record time is {@code at} (the janitor reads heartbeats by record time). */
  private static ProducerRecord<String, InstanceHeartbeat> heartbeat(String instanceId, Instant at) {
    InstanceHeartbeat beat = InstanceHeartbeat.newBuilder().setInstanceId(instanceId).setService("gateway").setStartedAt(at)
        .setEventTime(at).setIntervalMs(1000).build();
    return new ProducerRecord<>(Topics.INSTANCES.name(), null, at.toEpochMilli(), instanceId, beat);
  }
}
