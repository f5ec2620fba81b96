package com.voiceagent.dialog.kafka;

import com.voiceagent.dialog.history.ConversationHistory;
import com.voiceagent.events.ConversationState;
import com.voiceagent.schemas.AvroSerde;
import com.voiceagent.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps {@link ConversationHistory} a replica of the compacted topic dialog.history. It assigns itself
 * every partition (no consumer group: each instance needs every conversation, because after a rebalance
 * or failover any instance may get any call) and reads from the beginning. {@link #start()} returns only
 * once the topic has been read to its end, and it runs in an early lifecycle phase, so the Kafka
 * listeners start answering calls only with the history loaded.
 */
final class HistoryReplica implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(HistoryReplica.class);
  /** Before the listener containers (which start in the last phases). */
  static final int PHASE = 0;

  private final Map<String, Object> consumerConfig;
  private final ConversationHistory history;
  private final Duration loadTimeout;
  private final AvroSerde<ConversationState> serde = AvroSerde.of(ConversationState.class);
  private final CountDownLatch loaded = new CountDownLatch(1);
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile Thread thread;
  private volatile boolean running;
  private volatile Throwable failure;

  HistoryReplica(Map<String, Object> kafkaConsumerProperties, ConversationHistory history, Duration loadTimeout) {
    Map<String, Object> config = new HashMap<>(kafkaConsumerProperties);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumerConfig = config;
    this.history = Objects.requireNonNull(history, "history");
    this.loadTimeout = Objects.requireNonNull(loadTimeout, "loadTimeout");
  }

  @Override
  public void start() {
    running = true;
    thread = Thread.ofPlatform().name("dialog-history-replica").daemon().start(this::run);
    try {
      if (!loaded.await(loadTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stop();
        throw new IllegalStateException("could not read " + Topics.HISTORY.name() + " to its end within "
            + loadTimeout + " (voice.dialog.history-load-timeout); is Kafka reachable?");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading conversation history", e);
    }
    if (failure != null) {
      throw new IllegalStateException("loading conversation history failed: " + failure, failure);
    }
  }

  private void run() {
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer = c;
      List<TopicPartition> partitions = c.partitionsFor(Topics.HISTORY.name(), loadTimeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      Instant started = Instant.now();
      int records = 0;
      while (running && !caughtUp(c, end)) {
        records += apply(c, true);
      }
      log.info("conversation history loaded: {} records, {} conversations, {} partitions, in {} ms",
          records, history.size(), partitions.size(), Duration.between(started, Instant.now()).toMillis());
      loaded.countDown();
      while (running) {
        apply(c, false);
      }
    } catch (WakeupException e) {
      // stop() woke the consumer up
    } catch (Throwable t) {
      failure = t;
      log.error("conversation history replica stopped: {}", t.toString(), t);
    } finally {
      loaded.countDown();
    }
  }

  private int apply(KafkaConsumer<String, byte[]> c, boolean loading) {
    int n = 0;
    for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
      n++;
      if (record.key() == null) {
        continue;
      }
      try {
        history.apply(record.key(), record.value() == null ? null
            : HistoryRecords.read(serde.deserialize(record.topic(), record.value())), loading);
      } catch (RuntimeException e) {
        // One unreadable record must not stop the replica (or the startup) for every other conversation.
        log.warn("skipping unreadable history record {}-{}@{} (key {}): {}", record.topic(), record.partition(),
            record.offset(), record.key(), e.toString());
      }
    }
    return n;
  }

  private static boolean caughtUp(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
  }

  @Override
  public void stop() {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    Thread t = thread;
    if (t != null) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
