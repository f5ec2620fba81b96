package com.voiceagent.tts.kafka;

import static org.awaitility.Awaitility.await;

import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.StageTiming;
import com.voiceagent.schemas.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reading the reply-audio and dead-letter topics the way a gateway or an analyst would. */
final class KafkaTestSupport {
  static final String REPLY_TOPIC = "voice.audio.gw-test";
  static final Duration WAIT = Duration.ofSeconds(30);

  private KafkaTestSupport() {}

  static ReplySegment segment(String callSid, int turn, int seq, boolean last, String text, ReplyKind kind) {
    return ReplySegment.newBuilder()
        .setCallSid(callSid).setTurn(turn).setProducer("dialog-test").setEventTime(Instant.now())
        .setReplyTo(REPLY_TOPIC).setSeq(seq).setLast(last).setText(text).setKind(kind)
        .setEndCall(false).setSpeechEndedAt(Instant.ofEpochMilli(1_700_000_000_000L))
        .setTimeline(List.of(StageTiming.newBuilder().setStage("dialog").setEngine("scripted").setInstance("dialog-1")
            .setReceivedAt(Instant.ofEpochMilli(1_700_000_000_100L)).setEngineMs(5)
            .setPublishedAt(Instant.ofEpochMilli(1_700_000_000_200L)).build()))
        .build();
  }

  /** A consumer of the gateway's reply topic, reading from the beginning; collects as it polls. */
  static final class ReplyAudioReader implements AutoCloseable {
    private final KafkaConsumer<String, ReplyAudio> consumer;
    final List<ReplyAudio> received = new CopyOnWriteArrayList<>();

    ReplyAudioReader(String brokers) {
      // Assigned, not subscribed: no consumer-group rebalance to wait for in every test.
      consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", brokers), new StringDeserializer(), AvroSerde.of(ReplyAudio.class));
      assignFromStart(consumer, REPLY_TOPIC);
    }

    void poll() {
      consumer.poll(Duration.ofMillis(100)).forEach(r -> received.add(r.value()));
    }

    List<ReplyAudio> of(String callSid) {
      return received.stream().filter(a -> a.getCallSid().equals(callSid)).toList();
    }

    List<ReplyAudio> awaitCount(String callSid, int count) {
      await().atMost(WAIT).until(() -> {
        poll();
        return of(callSid).size() >= count;
      });
      return of(callSid);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  private static void assignFromStart(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(info -> new TopicPartition(topic, info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  static ConsumerRecord<String, byte[]> awaitDeadLetter(String brokers, String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
    try (var consumer = new KafkaConsumer<String, byte[]>(Map.of("bootstrap.servers", brokers),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      List<ConsumerRecord<String, byte[]>> dead = new CopyOnWriteArrayList<>();
      // The dead-letter topic appears with the first dead letter.
      await().atMost(WAIT).until(() -> !consumer.partitionsFor(topic).isEmpty());
      assignFromStart(consumer, topic);
      await().atMost(WAIT).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
        return dead.stream().anyMatch(match);
      });
      return dead.stream().filter(match).findFirst().orElseThrow();
    }
  }
}
