package com.voiceagent.tts.kafka;

import static com.voiceagent.tts.kafka.KafkaTestSupport.REPLY_TOPIC;
import static com.voiceagent.tts.kafka.KafkaTestSupport.segment;
import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.fixtures.GoogleTtsFixture;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import com.voiceagent.tts.TtsApplication;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Google down and the espeak-ng binary missing: the sentence is sent silent (empty audio, engine
 * "failed") so the gateway's in-order playback never waits for it, and the call goes on.
 */
@SpringBootTest(classes = TtsApplication.class, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "voice.tts.engine=google",
    "voice.tts.timeout=10s", // generous: on a loaded machine the first gRPC connection can be slow
    "voice.tts.espeak.binary=/nonexistent/espeak-ng"})
@EmbeddedKafka(partitions = 1, topics = REPLY_TOPIC, brokerProperties = {
    // One broker: the share groups' state topic cannot have three replicas (docs/running.md, "Failover settings").
    "share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1"})
class TtsStageWhenEveryEngineFailsIT {
  static final GoogleTtsFixture GOOGLE = GoogleTtsFixture.start(LatencyModel.instant());

  @DynamicPropertySource
  static void google(DynamicPropertyRegistry registry) {
    registry.add("voice.tts.google.endpoint", GOOGLE::endpoint);
  }

  @AfterAll
  static void stopFixture() throws InterruptedException {
    GOOGLE.close();
  }

  @Autowired EventPublisher publisher;
  @Autowired EmbeddedKafkaBroker broker;

  @Test
  void aSentenceNoEngineCanSpeakIsSentSilentAndTheNextOneIsSpoken() {
    publisher.publish(Topics.REPLIES, segment("CA-both-fail", 1, 0, false, "FAIL אין מי שיגיד את זה.", ReplyKind.ANSWER));
    publisher.publish(Topics.REPLIES, segment("CA-both-fail", 1, 1, true, "אבל את זה כן.", ReplyKind.ANSWER));

    try (var reader = new KafkaTestSupport.ReplyAudioReader(broker.getBrokersAsString())) {
      List<ReplyAudio> audio = reader.awaitCount("CA-both-fail", 2).stream()
          .sorted(java.util.Comparator.comparing(ReplyAudio::getSeq)).toList();
      assertThat(audio).extracting(ReplyAudio::getSeq).containsExactlyInAnyOrder(0, 1);
      assertThat(TtsStageIT.bytes(audio.get(0))).isEmpty();
      assertThat(audio.get(0).getTimeline().getLast().getEngine()).isEqualTo("failed");
      assertThat(TtsStageIT.bytes(audio.get(1))).isNotEmpty();
      assertThat(audio.get(1).getTimeline().getLast().getEngine()).isEqualTo("google");
    }
    assertThat(GOOGLE.requestsContaining("FAIL")).isEqualTo(1);
  }
}
