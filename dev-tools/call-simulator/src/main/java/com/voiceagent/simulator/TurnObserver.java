package com.voiceagent.simulator;

import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.schemas.TopicSpec;
import com.voiceagent.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches the pipeline's own topics for one call, or for every call of a load run: transcripts, reply
 * segments and the gateway's measured turn timelines. It reads without a consumer group (assigned
 * partitions, positioned at the end before the calls start), so it never disturbs the services and sees
 * only new records; each goes to the listener of its call (one consumer for any number of calls).
 */
final class TurnObserver implements AutoCloseable {

  /** Receives this call's events on the observer's thread. */
  interface Listener {
    void transcript(Transcript transcript);

    void reply(ReplySegment segment);

    void turnCompleted(TurnCompleted turn);

    void unreadable(String topic, String reason);
  }

  private static final List<TopicSpec<?>> TOPICS = List.of(Topics.TRANSCRIPTS, Topics.REPLIES, Topics.TURNS);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Function<String, Listener> listeners;
  private final Thread thread;
  private final com.voiceagent.schemas.AvroSerde<Transcript> transcripts = Topics.TRANSCRIPTS.serde();
  private final com.voiceagent.schemas.AvroSerde<ReplySegment> replies = Topics.REPLIES.serde();
  private final com.voiceagent.schemas.AvroSerde<TurnCompleted> turns = Topics.TURNS.serde();
  private volatile boolean running = true;

  private TurnObserver(KafkaConsumer<String, byte[]> consumer, Function<String, Listener> listeners) {
    this.consumer = consumer;
    this.listeners = listeners;
    this.thread = Thread.ofPlatform().daemon().name("turn-observer").unstarted(this::pollLoop);
  }

  /**
   * Connects, positions at the end of every partition (resolved now, not lazily, so nothing published
   * after this returns is missed) and starts polling.
   *
   * @throws IllegalStateException if Kafka cannot be reached or a topic is missing
   */
  static TurnObserver start(String bootstrapServers, String callSid, Listener listener) {
    Objects.requireNonNull(callSid, "callSid");
    Objects.requireNonNull(listener, "listener");
    return start(bootstrapServers, "call-simulator-" + callSid, key -> callSid.equals(key) ? listener : null);
  }

  /**
   * As {@link #start(String, String, Listener)}, for many calls: {@code listeners} gives the listener of a
   * record's call (its key), or null for a call nobody here follows.
   */
  static TurnObserver start(String bootstrapServers, String clientId, Function<String, Listener> listeners) {
    Objects.requireNonNull(listeners, "listeners");
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        // Reading must never create a topic with the wrong partition count before the services do.
        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false",
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000",
        ConsumerConfig.CLIENT_ID_CONFIG, clientId),
        new StringDeserializer(), new ByteArrayDeserializer());
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (TopicSpec<?> topic : TOPICS) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
          throw new IllegalStateException("topic " + topic.name() + " does not exist on " + bootstrapServers
              + " (the services create it at startup: is ./voice up running?)");
        }
        infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(10)));
    } catch (RuntimeException e) {
      consumer.close(Duration.ZERO);
      if (e instanceof IllegalStateException) {
        throw e;
      }
      throw new IllegalStateException("cannot read the pipeline's topics from Kafka at " + bootstrapServers + " ("
          + e.getMessage() + "); is ./voice up running? (--kafka none calls without timelines)", e);
    }
    TurnObserver observer = new TurnObserver(consumer, listeners);
    observer.thread.start();
    return observer;
  }

  private void pollLoop() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          Listener listener = record.key() == null ? null : listeners.apply(record.key());
          if (listener != null) {
            dispatch(record, listener);
          }
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } finally {
      consumer.close(Duration.ofSeconds(1));
    }
  }

  private void dispatch(ConsumerRecord<String, byte[]> record, Listener listener) {
    try {
      String topic = record.topic();
      if (topic.equals(Topics.TRANSCRIPTS.name())) {
        listener.transcript(transcripts.deserialize(topic, record.value()));
      } else if (topic.equals(Topics.REPLIES.name())) {
        listener.reply(replies.deserialize(topic, record.value()));
      } else if (topic.equals(Topics.TURNS.name())) {
        listener.turnCompleted(turns.deserialize(topic, record.value()));
      }
    } catch (RuntimeException e) {
      listener.unreadable(record.topic(), e.getMessage());
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(3));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
