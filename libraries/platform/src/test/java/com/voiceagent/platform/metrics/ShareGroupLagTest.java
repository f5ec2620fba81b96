package com.voiceagent.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The broker's per-partition answer turned into one figure per group and topic. */
class ShareGroupLagTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ShareGroupLag lag = new ShareGroupLag(registry, Map::of, () -> {
    throw new AssertionError("no broker in this test");
  });

  double gauge(String group, String topic) {
    return registry.get(ShareGroupLag.LAG).tags("group", group, "topic", topic).gauge().value();
  }

  @Test
  void theLagOfATopicIsTheSumOverItsPartitionsAndOtherTopicsDoNotCount() {
    lag.record("stt-service", List.of("voice.utterances"), Map.of(
        new TopicPartition("voice.utterances", 0), info(3),
        new TopicPartition("voice.utterances", 1), info(4),
        new TopicPartition("voice.other", 0), info(100)));

    assertThat(gauge("stt-service", "voice.utterances")).isEqualTo(7);
  }

  @Test
  void partitionsWhoseLagTheBrokerDoesNotKnowCountNothingAndATopicWithNoneReadsNaN() {
    lag.record("tts-service", List.of("voice.replies", "voice.more"), Map.of(
        new TopicPartition("voice.replies", 0), info(2),
        new TopicPartition("voice.replies", 1), new SharePartitionOffsetInfo(0, Optional.empty(), Optional.empty()),
        new TopicPartition("voice.more", 0), new SharePartitionOffsetInfo(0, Optional.empty(), Optional.empty())));

    assertThat(gauge("tts-service", "voice.replies")).isEqualTo(2);
    assertThat(gauge("tts-service", "voice.more")).isNaN();
  }

  @Test
  void anInstanceWithoutShareGroupsAsksTheBrokerNothing() {
    lag.refresh(); // the admin factory would fail the test

    assertThat(registry.find(ShareGroupLag.LAG).gauges()).isEmpty();
  }

  @Test
  void tagsNameGroupsAndTopicsOnly() {
    lag.record("stt-service", List.of("voice.utterances"), Map.of(new TopicPartition("voice.utterances", 0), info(1)));

    assertThat(registry.get(ShareGroupLag.LAG).gauge().getId().getTags())
        .extracting(io.micrometer.core.instrument.Tag::getKey).containsExactlyInAnyOrder("group", "topic");
  }

  static SharePartitionOffsetInfo info(long lag) {
    return new SharePartitionOffsetInfo(0, Optional.empty(), Optional.of(lag));
  }
}
