package com.voiceagent.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void topicNamesAreUnique() {
    var names = new HashSet<String>();
    Topics.all().forEach(spec -> assertThat(names.add(spec.name())).as("duplicate topic %s", spec.name()).isTrue());
  }

  @Test
  void everyValueTypeIsKeyedByCallSid() {
    Topics.all().stream().filter(spec -> spec != Topics.INSTANCES).forEach(spec -> assertThat(org.apache.avro.specific.SpecificData.get().getSchema(spec.valueType()).getField("callSid"))
        .as("%s must carry callSid, the key of every record", spec.valueType().getSimpleName()).isNotNull());
  }

  @Test
  void replyAudioTopicsRoundTripByName() {
    assertThat(Topics.replyAudioTopic(Topics.replyAudio("gw-1").name()).name()).isEqualTo("voice.audio.gw-1");
    assertThatThrownBy(() -> Topics.replyAudioTopic("voice.utterances"))
        .hasMessage("not a reply-audio topic: 'voice.utterances' (expected prefix voice.audio.)");
  }

  @Test
  void heartbeatsAreKeyedByInstanceAndRollSegmentsWithinTheirRetention() {
    assertThat(org.apache.avro.specific.SpecificData.get().getSchema(Topics.INSTANCES.valueType()).getField("instanceId")).isNotNull();
    assertThat(Topics.INSTANCES.newTopic((short) 1).configs())
        .containsEntry("retention.ms", "3600000").containsEntry("segment.ms", "3600000");
    assertThat(Topics.UTTERANCES.newTopic((short) 1).configs()).doesNotContainKey("segment.ms");
  }

  @Test
  void compactedTopicsHaveCompactCleanupPolicy() {
    assertThat(Topics.HISTORY.newTopic((short) 1).configs()).containsEntry("cleanup.policy", "compact");
    assertThat(Topics.UTTERANCES.newTopic((short) 1).configs()).containsKey("retention.ms");
  }

  @Test
  void aTopicNameWithIllegalCharactersIsRefused() {
    assertThatThrownBy(() -> new TopicSpec<>("bad name", com.voiceagent.events.Utterance.class, 1, java.time.Duration.ofHours(1), false, ""))
        .hasMessage("topic name must be 1-249 characters of [a-zA-Z0-9._-], was 'bad name'");
  }
}
