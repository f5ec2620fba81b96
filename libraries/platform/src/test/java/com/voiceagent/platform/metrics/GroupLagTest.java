package com.voiceagent.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The broker's per-partition answers turned into one figure per group and topic. */
class GroupLagTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final GroupLag lag = new GroupLag(registry, Map::of, Map::of, () -> {
    throw new AssertionError("no broker in this test");
  });

  double gauge(String name, String group, String topic) {
    return registry.get(name).tags("group", group, "topic", topic).gauge().value();
  }

  @Test
  void aShareGroupsLagOfATopicIsTheSumOverItsPartitionsAndOtherTopicsDoNotCount() {
    lag.recordShareGroup("stt-service", List.of("voice.utterances"), Map.of(
        new TopicPartition("voice.utterances", 0), info(3),
        new TopicPartition("voice.utterances", 1), info(4),
        new TopicPartition("voice.other", 0), info(100)));

    assertThat(gauge(GroupLag.SHARE_GROUP_LAG, "stt-service", "voice.utterances")).isEqualTo(7);
  }

  @Test
  void partitionsWhoseShareLagTheBrokerDoesNotKnowCountNothingAndATopicWithNoneReadsNaN() {
    lag.recordShareGroup("tts-service", List.of("voice.replies", "voice.more"), Map.of(
        new TopicPartition("voice.replies", 0), info(2),
        new TopicPartition("voice.replies", 1), new SharePartitionOffsetInfo(0, Optional.empty(), Optional.empty()),
        new TopicPartition("voice.more", 0), new SharePartitionOffsetInfo(0, Optional.empty(), Optional.empty())));

    assertThat(gauge(GroupLag.SHARE_GROUP_LAG, "tts-service", "voice.replies")).isEqualTo(2);
    assertThat(gauge(GroupLag.SHARE_GROUP_LAG, "tts-service", "voice.more")).isNaN();
  }

  @Test
  void aConsumerGroupsLagIsTheEndOffsetMinusTheCommittedOneSummedOverTheTopicsPartitions() {
    TopicPartition p0 = new TopicPartition("voice.transcripts", 0);
    TopicPartition p1 = new TopicPartition("voice.transcripts", 1);
    TopicPartition other = new TopicPartition("voice.calls", 0);
    lag.recordConsumerGroup("dialog-service", List.of("voice.transcripts"),
        Map.of(p0, new OffsetAndMetadata(10), p1, new OffsetAndMetadata(40), other, new OffsetAndMetadata(0)),
        Map.of(p0, 15L, p1, 40L, other, 500L));

    assertThat(gauge(GroupLag.CONSUMER_GROUP_LAG, "dialog-service", "voice.transcripts")).isEqualTo(5);
  }

  @Test
  void aConsumerGroupTopicWithoutCommitsOrEndOffsetsReadsNaNAndAPartitionWithoutOneCountsNothing() {
    TopicPartition committedOnly = new TopicPartition("voice.calls", 0);
    TopicPartition known = new TopicPartition("voice.calls", 1);
    lag.recordConsumerGroup("dialog-service", List.of("voice.calls", "voice.transcripts"),
        Map.of(committedOnly, new OffsetAndMetadata(3), known, new OffsetAndMetadata(3)), Map.of(known, 5L));

    assertThat(gauge(GroupLag.CONSUMER_GROUP_LAG, "dialog-service", "voice.calls")).isEqualTo(2);
    assertThat(gauge(GroupLag.CONSUMER_GROUP_LAG, "dialog-service", "voice.transcripts")).isNaN();
  }

  @Test
  void anInstanceWithoutGroupsAsksTheBrokerNothing() {
    lag.refresh(); // the admin factory would fail the test

    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void tagsNameGroupsAndTopicsOnly() {
    lag.recordShareGroup("stt-service", List.of("voice.utterances"), Map.of(new TopicPartition("voice.utterances", 0), info(1)));
    lag.recordConsumerGroup("gateway-gw-1", List.of("voice.audio.gw-1"), Map.of(), Map.of());

    assertThat(registry.getMeters()).hasSize(2).allSatisfy(meter -> assertThat(meter.getId().getTags())
        .extracting(io.micrometer.core.instrument.Tag::getKey).containsExactlyInAnyOrder("group", "topic"));
  }

  static SharePartitionOffsetInfo info(long lag) {
    return new SharePartitionOffsetInfo(0, Optional.empty(), Optional.of(lag));
  }
}
