package com.voiceagent.platform.kafka;

import com.voiceagent.schemas.AvroSerde;
import com.voiceagent.schemas.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps a copy of a compacted topic in this instance's memory: every partition (no consumer group, since
 * each instance needs every key), read from the beginning, then followed. {@link #start()} returns only once
 * the topic has been read to its end, and it runs in an early lifecycle phase, so the instance serves only
 * with the copy loaded.
 *
 * <p>Writers that must know the outcome of their own record (a claim judged against the records before it)
 * wait with {@link #awaitApplied} until the replica has applied it.
 */
public final class CompactedReplica<V extends SpecificRecord> implements SmartLifecycle {
  /** Before the listener containers, which start in the last phases. */
  public static final int PHASE = 0;
  private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(CompactedReplica.class);

  /** Applies one record to the copy, in log order per key. */
  @FunctionalInterface
  public interface Applier<V> {
    /**
     * @param value null for a tombstone
     * @param loading true while the topic is read up to the end it had at startup
     */
    void apply(String key, @Nullable V value, boolean loading, int partition, long offset);
  }

  private final TopicSpec<V> topic;
  private final Map<String, Object> consumerConfig;
  private final Duration loadTimeout;
  private final String loadTimeoutSetting;
  private final boolean required;
  private final Applier<V> applier;
  private final AvroSerde<V> serde;
  private final CountDownLatch loaded = new CountDownLatch(1);
  /** The next offset to apply per partition: guarded by itself, waited on by {@link #awaitApplied}. */
  private final Map<Integer, Long> positions = new HashMap<>();
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile Thread thread;
  private volatile boolean running;
  private volatile Throwable failure;

  /**
   * @param consumerProperties the service's Kafka consumer settings (group and commits are removed)
   * @param loadTimeoutSetting the setting that holds {@code loadTimeout}, named when loading takes longer
   * @param required whether the service must not start without the copy; otherwise it starts after the timeout
   *     and the copy is applied as the broker delivers it
   */
  public CompactedReplica(TopicSpec<V> topic, Map<String, Object> consumerProperties, Duration loadTimeout,
      String loadTimeoutSetting, boolean required, Applier<V> applier) {
    this.topic = Objects.requireNonNull(topic, "topic");
    Map<String, Object> config = new HashMap<>(consumerProperties);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumerConfig = config;
    this.loadTimeout = Objects.requireNonNull(loadTimeout, "loadTimeout");
    this.loadTimeoutSetting = loadTimeoutSetting;
    this.required = required;
    this.applier = Objects.requireNonNull(applier, "applier");
    this.serde = AvroSerde.of(topic.valueType());
  }

  @Override
  public void start() {
    running = true;
    thread = Thread.ofPlatform().name(topic.name() + "-replica").daemon().start(this::run);
    try {
      if (!loaded.await(loadTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        String problem = "could not read " + topic.name() + " to its end within " + loadTimeout + " (" + loadTimeoutSetting
            + "); is Kafka reachable?";
        if (required) {
          stop();
          throw new IllegalStateException(problem);
        }
        log.warn("{} Starting without it; it is applied as it arrives", problem);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading " + topic.name(), e);
    }
    if (failure != null) {
      throw new IllegalStateException("loading " + topic.name() + " failed: " + failure, failure);
    }
  }

  /** Whether the topic has been read to the end it had when this replica started. */
  public boolean loaded() {
    return loaded.getCount() == 0 && failure == null;
  }

  /**
   * Waits until the record at {@code offset} of {@code partition} has been applied.
   *
   * @return false when it was not applied within {@code timeout} (the broker is away, or the replica stopped)
   */
  public boolean awaitApplied(int partition, long offset, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (positions) {
      while (positions.getOrDefault(partition, 0L) <= offset) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !running) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(positions, left);
      }
      return true;
    }
  }

  private void run() {
    try {
      while (running) {
        try {
          follow();
        } catch (WakeupException e) {
          return; // stop() woke the consumer up
        } catch (Throwable t) {
          if (required && loaded.getCount() > 0) {
            failure = t;
            log.error("replica of {} stopped: {}", topic.name(), t.toString(), t);
            return;
          }
          log.warn("replica of {} lost the broker ({}): reconnecting", topic.name(), t.toString());
          Thread.sleep(RECONNECT_PAUSE.toMillis()); // off the hot path: this thread only keeps the copy
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running = false;
      if (required) {
        loaded.countDown();
      }
      synchronized (positions) {
        positions.notifyAll();
      }
    }
  }

  private void follow() {
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer = c;
      if (!running) {
        return;
      }
      List<TopicPartition> partitions = c.partitionsFor(topic.name(), loadTimeout).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      c.assign(partitions);
      Map<TopicPartition, Long> end;
      synchronized (positions) {
        // After a reconnect, go on from what was applied: the copy already holds everything before it.
        for (TopicPartition partition : partitions) {
          Long next = positions.get(partition.partition());
          if (next == null) {
            c.seekToBeginning(List.of(partition));
          } else {
            c.seek(partition, next);
          }
        }
      }
      end = c.endOffsets(partitions);
      Instant started = Instant.now();
      int records = 0;
      while (running && loaded.getCount() > 0 && !caughtUp(c, end)) {
        records += poll(c, true);
      }
      if (loaded.getCount() > 0) {
        log.info("{} loaded: {} records from {} partitions in {} ms", topic.name(), records, partitions.size(),
            Duration.between(started, Instant.now()).toMillis());
        loaded.countDown();
      }
      while (running) {
        poll(c, false);
      }
    }
  }

  private int poll(KafkaConsumer<String, byte[]> c, boolean loading) {
    int n = 0;
    for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
      n++;
      if (record.key() != null) {
        apply(record, loading);
      }
      synchronized (positions) {
        positions.put(record.partition(), record.offset() + 1);
        positions.notifyAll();
      }
    }
    return n;
  }

  private void apply(ConsumerRecord<String, byte[]> record, boolean loading) {
    try {
      V value = record.value() == null ? null : serde.deserialize(record.topic(), record.value());
      applier.apply(record.key(), value, loading, record.partition(), record.offset());
    } catch (RuntimeException e) {
      // One unreadable record must not stop the replica (or the startup) for every other key.
      log.warn("skipping unreadable {} record {}@{} (key {}): {}", topic.name(), record.partition(), record.offset(),
          record.key(), e.toString());
    }
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
    if (t != null && t != Thread.currentThread()) {
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
