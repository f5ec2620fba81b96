package com.voiceagent.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.schemas.TopicSpec;
import com.voiceagent.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

@EmbeddedKafka(partitions = 2, topics = {"voice.utterances", "voice.transcripts"})
class KafkaWarmUpTest {
  private static final List<TopicSpec<?>> TWO_TOPICS = List.of(Topics.UTTERANCES, Topics.TRANSCRIPTS);

  @Test
  void everyCatalogueTypeHasASampleTheServiceSerdesReadAndWriteBack() {
    CatalogueDeserializer deserializer = new CatalogueDeserializer();
    AnyAvroSerializer serializer = new AnyAvroSerializer();
    for (TopicSpec<?> topic : Topics.all()) {
      SpecificRecord read = deserializer.deserialize(topic.name(), KafkaWarmUp.sample(topic));
      assertThat(read).as(topic.name()).isInstanceOf(topic.valueType());
      byte[] written = serializer.serialize(topic.name(), read);
      assertThat(deserializer.deserialize(topic.name(), written)).as(topic.name()).isEqualTo(read);
    }
  }

  @Test
  void theWarmUpConnectsTheProducerAndRunsTheSerdesBeforeTheFirstSend(EmbeddedKafkaBroker broker) {
    List<String> producersCreated = new CopyOnWriteArrayList<>();
    CountingSerializer serializer = new CountingSerializer();
    DefaultKafkaProducerFactory<String, SpecificRecord> factory = new DefaultKafkaProducerFactory<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(), serializer);
    factory.addListener(new ProducerFactory.Listener<>() {
      @Override
      public void producerAdded(String id, Producer<String, SpecificRecord> producer) {
        producersCreated.add(id);
      }
    });
    KafkaWarmUp warmUp = new KafkaWarmUp(new KafkaTemplate<>(factory), serializer, new CatalogueDeserializer(), TWO_TOPICS,
        Duration.ofSeconds(30));

    warmUp.onApplicationEvent(refreshed());

    assertThat(producersCreated).hasSize(1);
    assertThat(serializer.calls).hasValue(KafkaWarmUp.SERDE_ROUNDS * TWO_TOPICS.size());
    factory.destroy();
  }

  @Test
  void anUnreachableBrokerDelaysStartupOnlyUntilTheTimeout() {
    // Nothing listens on port 1; the producer itself would block for max.block.ms (60 s by default).
    DefaultKafkaProducerFactory<String, SpecificRecord> factory = new DefaultKafkaProducerFactory<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"), new StringSerializer(), new AnyAvroSerializer());
    KafkaWarmUp warmUp = new KafkaWarmUp(new KafkaTemplate<>(factory), new AnyAvroSerializer(), new CatalogueDeserializer(),
        TWO_TOPICS, Duration.ofMillis(500));

    long started = System.nanoTime();
    warmUp.onApplicationEvent(refreshed());

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    factory.destroy();
  }

  private static ContextRefreshedEvent refreshed() {
    return new ContextRefreshedEvent(new GenericApplicationContext());
  }

  private static final class CountingSerializer implements Serializer<SpecificRecord> {
    final AtomicInteger calls = new AtomicInteger();
    private final AnyAvroSerializer delegate = new AnyAvroSerializer();

    @Override
    public byte[] serialize(String topic, SpecificRecord data) {
      calls.incrementAndGet();
      return delegate.serialize(topic, data);
    }
  }
}
