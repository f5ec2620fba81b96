package com.voiceagent.platform.kafka;

import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.PeriodicTask;
import com.voiceagent.platform.PlatformProperties;
import com.voiceagent.platform.metrics.GroupLag;
import com.voiceagent.platform.metrics.StageMetrics;
import com.voiceagent.platform.stage.Delivery;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.DefaultShareConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.ShareConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka wiring shared by every service: Avro values through the topic catalogue, latency-first producer
 * settings, dead letters for records that cannot be read or processed, and creation of the catalogue's
 * topics. Spring Boot's own Kafka settings ({@code spring.kafka.*}) still apply on top. Every producer and consumer
 * reports Kafka's client metrics (consumer lag included) to the service's meter registry, and every record of a
 * traced topic ({@code TopicSpec.traced}) is observed when sent and when a stage handles it: W3C trace context travels
 * in the record headers (Spring Kafka's observation support).
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableKafka
@EnableConfigurationProperties(PlatformProperties.class)
public class KafkaPlatformConfiguration {
  static final int PRODUCER_CLOSE_TIMEOUT_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(KafkaPlatformConfiguration.class);

  @Bean
  InstanceIdentity instanceIdentity(PlatformProperties properties) {
    InstanceIdentity identity = new InstanceIdentity(properties.instanceId());
    log.info("instance id {}", identity.id());
    return identity;
  }

  /** The stage metrics every service shares; without a meter registry (a tool, a test) they record nothing. */
  @Bean
  StageMetrics stageMetrics(ObjectProvider<MeterRegistry> registry) {
    MeterRegistry meters = registry.getIfUnique();
    return meters == null ? StageMetrics.none() : new StageMetrics(meters);
  }

  /** One instance shared by every producer of the service, so the warm-up primes the one in use. */
  @Bean
  AnyAvroSerializer voiceSerializer() {
    return new AnyAvroSerializer();
  }

  /** One instance shared by every consumer of the service, so the warm-up primes the one in use. */
  @Bean
  CatalogueDeserializer voiceDeserializer() {
    return new CatalogueDeserializer();
  }

  @Bean
  ProducerFactory<String, SpecificRecord> voiceProducerFactory(KafkaProperties kafka, AnyAvroSerializer voiceSerializer,
      StageMetrics stageMetrics) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    // Kafka 4 batches for 5 ms by default; a turn crosses four topics, so send at once.
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    // A record is acknowledged once every in-sync replica has it: with replication 3 and min.insync.replicas 2
    // (`./voice up --brokers 3`, production), a broker dying loses no turn and no WhatsApp message.
    config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    // Retries after a leader moves never write a record twice nor put a call's records out of order.
    config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // One request waits 5 s at most, then the producer retries against the partition's new leader (the local
    // cluster elects one within a few seconds of a broker's death), not after the default 30 s.
    config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    // Retries stop 15 s after send: a turn's record later than that helps no caller (stages skip records older
    // than voice.platform.max-record-age anyway), and the call has heard a fallback by then. Durable records
    // (WhatsApp) do not depend on it: the outbox and the durable stages retry on their own.
    config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    // max.block.ms stays at Kafka's 60 s: send() waits that long for metadata while no broker answers, which is
    // why every caller hands records to the producer off its own thread (per-call lanes, the webhook buffer).
    config.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
    DefaultKafkaProducerFactory<String, SpecificRecord> factory =
        new DefaultKafkaProducerFactory<>(config, new StringSerializer(), voiceSerializer);
    // A stopping service waits this long for its last records (a call's end, a cancelled turn) to reach the
    // broker, not the default 30 s: with the broker already gone, a longer wait only delays the shutdown
    // past what an orchestrator (or a test runner) allows, and then the process is killed anyway.
    factory.setPhysicalCloseTimeout(PRODUCER_CLOSE_TIMEOUT_SECONDS);
    factory.addListener(new MicrometerProducerListener<>(stageMetrics.registry()));
    return factory;
  }

  @Bean
  KafkaTemplate<String, SpecificRecord> voiceKafkaTemplate(ProducerFactory<String, SpecificRecord> producerFactory) {
    KafkaTemplate<String, SpecificRecord> template = new KafkaTemplate<>(producerFactory);
    // The template finds the application's ObservationRegistry once the context is refreshed; each send is a span
    // whose context goes out in the record's headers.
    template.setObservationEnabled(true);
    return template;
  }

  /**
   * Records of the catalogue's untraced topics (heartbeats, the calls ledger, conversation snapshots) go through a
   * second template on the same producer, without observation: no span and no timer for a service's bookkeeping.
   */
  @Bean
  EventPublisher eventPublisher(KafkaTemplate<String, SpecificRecord> template,
      ProducerFactory<String, SpecificRecord> producerFactory, InstanceIdentity identity, StageMetrics stageMetrics) {
    return new EventPublisher(template, new KafkaTemplate<>(producerFactory), identity.id(), stageMetrics);
  }

  @Bean
  ConsumerFactory<String, SpecificRecord> voiceConsumerFactory(KafkaProperties kafka, CatalogueDeserializer voiceDeserializer) {
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Kafka's default, said out loud: a waiting fetch is answered the moment a record arrives, so a
    // shorter wait buys no latency (measured) and only multiplies the idle fetches the broker serves.
    config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
    // A value that cannot be read becomes a DeserializationException handled by the error handler,
    // so a poisoned record goes to the dead-letter topic instead of blocking its partition forever.
    DefaultKafkaConsumerFactory<String, SpecificRecord> factory = new DefaultKafkaConsumerFactory<>(config,
        new StringDeserializer(), new ErrorHandlingDeserializer<>(voiceDeserializer));
    // No client-metrics binder on the consumers: it measurably slowed every turn (docs/benchmarks.md).
    // Their lag is read from the broker instead (GroupLag).
    return factory;
  }

  /** Writes dead letters as raw bytes, since a poisoned record is by definition not valid Avro. */
  @Bean
  KafkaTemplate<String, byte[]> deadLetterTemplate(KafkaProperties kafka) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    // Keys are always readable (plain strings); only the value may be garbage.
    return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer()));
  }

  @Bean
  DeadLetterPublishingRecoverer deadLetterRecoverer(KafkaTemplate<String, byte[]> deadLetterTemplate,
      KafkaTemplate<String, SpecificRecord> voiceKafkaTemplate) {
    Map<Class<?>, KafkaTemplate<?, ?>> templates = new java.util.LinkedHashMap<>();
    templates.put(byte[].class, deadLetterTemplate);
    templates.put(SpecificRecord.class, voiceKafkaTemplate);
    // Partition -1: let the broker choose, so a DLT needs no more partitions than one.
    return new DeadLetterPublishingRecoverer(templates,
        (record, ex) -> new TopicPartition(DeadLetters.topicFor(record.topic()), -1));
  }

  /** No retries: a voice record retried seconds later is useless, and a poisoned one never heals. */
  @Bean
  CommonErrorHandler voiceErrorHandler(DeadLetters deadLetters) {
    // Through DeadLetters so every dead letter leaves a log line naming the record and the cause.
    DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters::send, new FixedBackOff(0L, 0L));
    handler.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
    return handler;
  }

  /** For ad-hoc {@code @KafkaListener}s (tools, tests); the services consume through {@link Stages}. */
  @Bean
  ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> kafkaListenerContainerFactory(
      ConsumerFactory<String, SpecificRecord> consumerFactory, CommonErrorHandler errorHandler) {
    ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> factory = new ConcurrentKafkaListenerContainerFactory<>();
    factory.setConsumerFactory(consumerFactory);
    factory.setCommonErrorHandler(errorHandler);
    return factory;
  }

  /**
   * The consumers of shared stages (share groups). A share consumer refuses the settings of consumer groups,
   * so those are left out; it takes one record at a time (record_limit), which it then holds under a lock.
   */
  @Bean
  ShareConsumerFactory<String, SpecificRecord> voiceShareConsumerFactory(KafkaProperties kafka,
      CatalogueDeserializer voiceDeserializer) {
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
    List.of(ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, ConsumerConfig.GROUP_PROTOCOL_CONFIG,
        ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG).forEach(config::remove);
    config.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    Deserializer<SpecificRecord> values = new ErrorHandlingDeserializer<>(voiceDeserializer);
    return new DefaultShareConsumerFactory<String, SpecificRecord>(config, new StringDeserializer(), values, true);
  }

  /**
   * Where every stage declares what it consumes, and how (see {@link Delivery}). After the broker check: the
   * stages talk to the broker while they are built.
   */
  @Bean
  @DependsOn("brokerAtStartup")
  Stages stages(ConsumerFactory<String, SpecificRecord> consumerFactory,
      ShareConsumerFactory<String, SpecificRecord> voiceShareConsumerFactory, CommonErrorHandler errorHandler,
      DeadLetters deadLetters, InstanceIdentity identity, PlatformProperties properties, KafkaAdmin admin,
      ObjectProvider<Clock> clock, StageMetrics stageMetrics, ObjectProvider<ObservationRegistry> observations) {
    return new Stages(consumerFactory, voiceShareConsumerFactory, errorHandler, deadLetters, identity, properties,
        admin.getConfigurationProperties(), clock.getIfUnique(Clock::systemUTC), stageMetrics,
        observations.getIfUnique(() -> ObservationRegistry.NOOP));
  }

  /** The backlog of the instance's share and consumer groups, as the broker knows it. */
  @Bean
  GroupLag groupLag(StageMetrics stageMetrics, Stages stages, KafkaAdmin admin) {
    return new GroupLag(stageMetrics.registry(), stages::shareGroups, stages::consumerGroups,
        () -> Admin.create(admin.getConfigurationProperties()));
  }

  @Bean
  PeriodicTask groupLagReader(GroupLag lag) {
    return new PeriodicTask("group-lag", GroupLag.INTERVAL, GroupLag.INTERVAL, lag::refresh);
  }

  /** A broker that does not answer stops the start, with its address, before anything waits for it. */
  @Bean
  BrokerAtStartup brokerAtStartup(KafkaAdmin admin, PlatformProperties properties) {
    return new BrokerAtStartup(admin.getConfigurationProperties(), properties.brokerStartupTimeout());
  }

  /**
   * The catalogue's topics, created when missing. The caller's voice (voice.utterances) is kept as long as
   * voice.platform.caller-audio-retention says; an existing topic keeps its retention (change it with
   * kafka-configs, docs/analytics.md).
   */
  @Bean
  KafkaAdmin.NewTopics catalogueTopics(PlatformProperties properties) {
    NewTopic[] topics = Topics.all().stream()
        .map(spec -> spec.name().equals(Topics.UTTERANCES.name()) ? spec.withRetention(properties.callerAudioRetention()) : spec)
        .map(spec -> spec.newTopic(properties.replicationFactor()))
        .toArray(NewTopic[]::new);
    return new KafkaAdmin.NewTopics(topics);
  }

  @Bean
  KafkaWarmUp kafkaWarmUp(KafkaTemplate<String, SpecificRecord> voiceKafkaTemplate, AnyAvroSerializer voiceSerializer,
      CatalogueDeserializer voiceDeserializer, PlatformProperties properties) {
    return new KafkaWarmUp(voiceKafkaTemplate, voiceSerializer, voiceDeserializer, Topics.all(), properties.warmUpTimeout());
  }

  @Bean
  PeriodicTask heartbeat(EventPublisher publisher, InstanceIdentity identity, PlatformProperties properties,
      Environment environment) {
    return new Heartbeat(publisher, identity.id(), environment.getProperty("spring.application.name", "unnamed"),
        properties.heartbeatInterval(), Clock.systemUTC()).every();
  }

  @Bean
  DeadLetters deadLetters(DeadLetterPublishingRecoverer recoverer, StageMetrics stageMetrics) {
    return new DeadLetters(recoverer, stageMetrics);
  }
}
