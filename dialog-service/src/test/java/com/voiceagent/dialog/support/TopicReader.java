package com.voiceagent.dialog.support;

import static org.awaitility.Awaitility.await;

import com.voiceagent.schemas.AvroSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic in the background into a list (values decoded with the given Avro type, or raw bytes). */
public final class TopicReader<V> implements AutoCloseable {
  private final List<ConsumerRecord<String, V>> records = new CopyOnWriteArrayList<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  private TopicReader(String bootstrap, String topic, java.util.function.Function<byte[], V> decode) {
    consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "group.id", "test-" + UUID.randomUUID(),
        "auto.offset.reset", "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    thread = Thread.ofPlatform().daemon().name("reader-" + topic).start(() -> {
      try {
        while (running) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            V value = r.value() == null ? null : decode.apply(r.value());
            records.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), value));
          }
        }
      } catch (WakeupException e) {
        // closing
      } finally {
        consumer.close();
      }
    });
  }

  public static <T extends SpecificRecord> TopicReader<T> avro(String bootstrap, String topic, Class<T> type) {
    AvroSerde<T> serde = AvroSerde.of(type);
    return new TopicReader<>(bootstrap, topic, bytes -> serde.deserialize(topic, bytes));
  }

  public static TopicReader<byte[]> raw(String bootstrap, String topic) {
    return new TopicReader<>(bootstrap, topic, bytes -> bytes);
  }

  public List<ConsumerRecord<String, V>> records() {
    return List.copyOf(records);
  }

  public List<V> values(Predicate<V> filter) {
    return records.stream().map(ConsumerRecord::value).filter(v -> v != null && filter.test(v)).toList();
  }

  /** Waits (up to 30 s) until a value matches, and returns it. */
  public V awaitValue(Predicate<V> filter) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> !values(filter).isEmpty());
    return values(filter).getFirst();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5_000);
  }
}
