package com.voiceagent.dialog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.dialog.history.ConversationHistory;
import com.voiceagent.dialog.support.Events;
import com.voiceagent.dialog.support.TopicReader;
import com.voiceagent.events.ConversationState;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** A gateway that dies mid-call never says the stream stopped: the call's history must not stay forever. */
@SpringBootTest(classes = DialogApplication.class, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "voice.platform.instance-id=dialog-expiry-it",
    "voice.dialog.engine=scripted",
    "voice.dialog.call-history-idle-expiry=2s",
    "voice.dialog.history-sweep-interval=500ms"})
@EmbeddedKafka(partitions = 1)
class HistoryExpiryIT {
  @Autowired EventPublisher publisher;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired Stages stages;
  @Autowired ConversationHistory history;

  @Test
  void aCallWhoseStreamStopNeverCameIsExpiredAndTombstoned() throws Exception {
    Events.awaitListenersAssigned(stages);
    try (TopicReader<ConversationState> states = TopicReader.avro(broker.getBrokersAsString(), Topics.HISTORY.name(),
        ConversationState.class)) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-gateway-died", 1, "מה הכתובת?"));
      states.awaitValue(s -> s.getConversationId().equals("CA-gateway-died"));
      assertThat(history.contains("CA-gateway-died")).isTrue();

      await().atMost(Duration.ofSeconds(20)).until(() ->
          states.records().stream().anyMatch(r -> "CA-gateway-died".equals(r.key()) && r.value() == null));
      assertThat(history.contains("CA-gateway-died")).isFalse();
    }
  }
}
