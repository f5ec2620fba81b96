package com.voiceagent.platform.kafka;

import com.voiceagent.schemas.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Gets the Kafka path ready while the service starts, so that the first caller after a start does not pay
 * for it: opens the producer and loads the metadata of every catalogue topic (Spring creates a producer
 * lazily, on the first send), and reads and writes samples of every event type through the service's own
 * deserializer and serializer (Avro builds its readers and writers per schema on first use, and the JIT
 * compiles them only after a few hundred calls). Without it the first turn after a start waits noticeably
 * at each stage (figures in docs/benchmarks.md).
 *
 * <p>Bounded: a broker that is not reachable yet only delays startup by {@code timeout}, after which the
 * service starts cold and connects when it can, as it would have without the warm-up.
 */
final class KafkaWarmUp implements ApplicationListener<ContextRefreshedEvent> {
  private static final Logger log = LoggerFactory.getLogger(KafkaWarmUp.class);

  /** Enough rounds for the JIT's first tier (about 200 calls of a method) on the serde path. */
  static final int SERDE_ROUNDS = 300;
  private static final long SAMPLE_SEED = 20_261_123L;

  private final KafkaTemplate<String, SpecificRecord> template;
  private final Serializer<SpecificRecord> serializer;
  private final Deserializer<SpecificRecord> deserializer;
  private final List<TopicSpec<?>> topics;
  private final Duration timeout;
  private final AtomicBoolean done = new AtomicBoolean();

  KafkaWarmUp(KafkaTemplate<String, SpecificRecord> template, Serializer<SpecificRecord> serializer,
      Deserializer<SpecificRecord> deserializer, List<TopicSpec<?>> topics, Duration timeout) {
    this.template = Objects.requireNonNull(template, "template");
    this.serializer = Objects.requireNonNull(serializer, "serializer");
    this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
    this.topics = List.copyOf(topics);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public void onApplicationEvent(ContextRefreshedEvent event) {
    // After the refresh, so KafkaAdmin has created the catalogue's topics: asking a broker that
    // auto-creates topics for metadata first would create them with its default partition count.
    if (!done.compareAndSet(false, true)) {
      return; // a child context (management server) refreshed too
    }
    long started = System.nanoTime();
    // On its own thread so that the bound holds even though partitionsFor may block for max.block.ms.
    CompletableFuture<Integer> metadata = CompletableFuture.supplyAsync(this::warmUp,
        runnable -> Thread.ofVirtual().name("kafka-warm-up").start(runnable));
    try {
      int partitions = metadata.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      log.info("Kafka warmed up: producer connected, metadata of {} topics ({} partitions) loaded, serdes exercised, in {} ms",
          topics.size(), partitions, (System.nanoTime() - started) / 1_000_000);
    } catch (TimeoutException e) {
      log.warn("Kafka warm-up still waiting for the broker after {}; starting cold", timeout);
    } catch (ExecutionException e) {
      log.warn("Kafka warm-up failed ({}); starting cold", e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int warmUp() {
    exerciseSerdes();
    int partitions = 0;
    for (TopicSpec<?> topic : topics) {
      partitions += template.partitionsFor(topic.name()).size();
    }
    return partitions;
  }

  /** Each round reads a sample of every type as a consumer would, then writes it back as a producer would. */
  void exerciseSerdes() {
    Map<String, byte[]> samples = new LinkedHashMap<>();
    for (TopicSpec<?> topic : topics) {
      samples.put(topic.name(), sample(topic));
    }
    for (int round = 0; round < SERDE_ROUNDS; round++) {
      samples.forEach((topic, bytes) -> serializer.serialize(topic, deserializer.deserialize(topic, bytes)));
    }
  }

  /** A valid record of the topic's value type (random field values), in the single-object encoding. */
  static byte[] sample(TopicSpec<?> topic) {
    Schema schema = SpecificData.get().getSchema(topic.valueType());
    Object record = new RandomData(GenericData.get(), schema, 1, SAMPLE_SEED).iterator().next();
    try {
      ByteBuffer encoded = new BinaryMessageEncoder<>(GenericData.get(), schema).encode(record);
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
