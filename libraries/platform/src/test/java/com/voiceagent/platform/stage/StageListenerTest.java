package com.voiceagent.platform.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.events.CancelReason;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.platform.kafka.DeadLetters;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

class StageListenerTest {
  private final List<String> handled = new ArrayList<>();
  private final List<String> deadLettered = new ArrayList<>();
  private final DeadLetters deadLetters = new DeadLetters(new DeadLetterPublishingRecoverer(
      new org.springframework.kafka.core.KafkaTemplate<Object, Object>(
          new org.springframework.kafka.core.DefaultKafkaProducerFactory<>(Map.<String, Object>of()))) {
    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
      deadLettered.add(record.key() + ": " + exception.getMessage());
    }
  });
  private final StageListener listener = new StageListener("test", Delivery.BROADCAST,
      Map.of(Topics.CONTROL.name(), new StageListener.Route<>(Topics.CONTROL, in -> handled.add(in.key()), null)),
      null, deadLetters, Duration.ofMinutes(1), 3, Clock.systemUTC());

  @Test
  void aRecordDeliveredMoreOftenThanTheLimitIsDeadLetteredWithoutBeingHandledAgain() {
    List<String> settled = new ArrayList<>();
    listener.accept(record("CA-poison", (short) 4), () -> settled.add("CA-poison"));

    assertThat(handled).isEmpty();
    assertThat(deadLettered).singleElement().asString().startsWith("CA-poison: delivered 4 times without being handled");
    assertThat(settled).as("settled, so the broker does not hand it out again").containsExactly("CA-poison");
  }

  @Test
  void aRecordWithinTheLimitIsHandledAndSettled() {
    List<String> settled = new ArrayList<>();
    listener.accept(record("CA-fine", (short) 3), () -> settled.add("CA-fine"));

    assertThat(handled).containsExactly("CA-fine");
    assertThat(deadLettered).isEmpty();
    assertThat(settled).containsExactly("CA-fine");
  }

  @Test
  void aCallWithTooManyRecordsWaitingHasItsNewestDeadLetteredWhileOtherCallsGoOn() throws Exception {
    java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
    List<String> voiceHandled = java.util.Collections.synchronizedList(new ArrayList<>());
    StageListener voice = new StageListener("voice-test", Delivery.VOICE,
        Map.of(Topics.CONTROL.name(), new StageListener.Route<>(Topics.CONTROL, in -> {
          if (in.key().equals("CA-stuck")) {
            stuck.await();
          }
          voiceHandled.add(in.key());
        }, null)), null, deadLetters, Duration.ofMinutes(1), 3, Clock.systemUTC());
    List<String> settled = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      for (int i = 0; i <= StageListener.MAX_QUEUED_PER_CALL; i++) {
        voice.accept(record("CA-stuck", (short) 1), () -> settled.add("CA-stuck"));
      }
      voice.accept(record("CA-other", (short) 1), () -> settled.add("CA-other"));

      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> voiceHandled.contains("CA-other"));
      assertThat(deadLettered).singleElement().asString().startsWith("CA-stuck: the lane of CA-stuck already holds 32");
      assertThat(settled).as("the refused record is settled, the other call's is handled")
          .containsExactlyInAnyOrder("CA-stuck", "CA-other");
      stuck.countDown();
      assertThat(voice.awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(voiceHandled).filteredOn("CA-stuck"::equals).hasSize(StageListener.MAX_QUEUED_PER_CALL);
    } finally {
      stuck.countDown();
      voice.close();
    }
  }

  private static ConsumerRecord<String, SpecificRecord> record(String callSid, short deliveryCount) {
    TurnCancelled value = TurnCancelled.newBuilder().setCallSid(callSid).setTurn(1).setProducer("t")
        .setEventTime(Instant.now()).setReason(CancelReason.BARGE_IN).build();
    return new ConsumerRecord<>(Topics.CONTROL.name(), 0, 0L, 0L, TimestampType.CREATE_TIME, -1, -1, callSid, value,
        new RecordHeaders(), Optional.empty(), Optional.of(deliveryCount));
  }
}
