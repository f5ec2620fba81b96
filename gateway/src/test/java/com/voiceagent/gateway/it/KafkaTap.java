package com.voiceagent.gateway.it;


import com.voiceagent.platform.kafka.CatalogueDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the gateway's output topics in the background, as a downstream service would. */
final class KafkaTap implements AutoCloseable {
  private final List<ConsumerRecord<String, SpecificRecord>> records = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private final String brokers;
  private volatile boolean running = true;

  KafkaTap(String brokers, List<String> topics) {
    this.brokers = brokers;
    thread = Thread.ofPlatform().daemon().name("kafka-tap").start(() -> {
      try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", brokers,
          "group.id", "tap-" + System.nanoTime(), "auto.offset.reset", "earliest", "metadata.max.age.ms", "1000"),
          new StringDeserializer(), new CatalogueDeserializer())) {
        consumer.subscribe(topics);
        while (running) {
          consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
      }
    });
  }

  <T extends SpecificRecord> T await(Class<T> type, Predicate<T> matching) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> find(type, matching) != null);
    return find(type, matching);
  }

  <T extends SpecificRecord> List<T> all(Class<T> type, Predicate<T> matching) {
    return records.stream().map(ConsumerRecord::value).filter(type::isInstance).map(type::cast).filter(matching).toList();
  }

  private <T extends SpecificRecord> T find(Class<T> type, Predicate<T> matching) {
    return all(type, matching).stream().findFirst().orElse(null);
  }

  String brokers() {
    return brokers;
  }

  @Override
  public void close() {
    running = false;
  }
}
