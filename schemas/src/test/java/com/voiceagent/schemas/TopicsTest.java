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
  void voiceRecordsAreKeyedByTheirCallSidAndTextRecordsByTheirConversation() {
    var utterance = com.voiceagent.events.Utterance.newBuilder().setCallSid("CA1").setTurn(3).setProducer("gw")
        .setEventTime(java.time.Instant.EPOCH).setReplyTo("voice.audio.gw").setStreamSid("MZ1").setSampleRate(8000)
        .setAudio(java.nio.ByteBuffer.allocate(0)).setStreamStartMs(0).setStreamEndMs(0)
        .setSpeechEndedAt(java.time.Instant.EPOCH).build();
    assertThat(Topics.UTTERANCES.keyOf(utterance)).isEqualTo("CA1");
    assertThat(Topics.UTTERANCES.turnOf(utterance)).isEqualTo(3);
    var reply = com.voiceagent.events.TextReply.newBuilder().setConversationId("whatsapp:+972501234567").setTurn(1)
        .setProducer("dialog").setEventTime(java.time.Instant.EPOCH).setInReplyTo("SM1").setText("שלום").build();
    assertThat(Topics.TEXT_REPLIES.keyOf(reply)).isEqualTo("whatsapp:+972501234567");
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
  void aTopicKeptForAnotherTimeChangesOnlyItsRetention() {
    TopicSpec<?> kept = Topics.UTTERANCES.withRetention(java.time.Duration.ofDays(2));
    assertThat(kept.newTopic((short) 1).configs()).containsEntry("retention.ms", "172800000");
    assertThat(kept.name()).isEqualTo(Topics.UTTERANCES.name());
    assertThat(kept.partitions()).isEqualTo(Topics.UTTERANCES.partitions());
  }

  @Test
  void compactedTopicsHaveCompactCleanupPolicy() {
    assertThat(Topics.HISTORY.newTopic((short) 1).configs()).containsEntry("cleanup.policy", "compact");
    assertThat(Topics.UTTERANCES.newTopic((short) 1).configs()).containsKey("retention.ms");
  }

  @Test
  void aTopicNameWithIllegalCharactersIsRefused() {
    assertThatThrownBy(() -> TopicSpec.of("bad name", com.voiceagent.events.Utterance.class,
            com.voiceagent.events.Utterance::getCallSid).eventTime(com.voiceagent.events.Utterance::getEventTime).purpose(""))
        .hasMessage("topic name must be 1-249 characters of [a-zA-Z0-9._-], was 'bad name'");
  }
}
