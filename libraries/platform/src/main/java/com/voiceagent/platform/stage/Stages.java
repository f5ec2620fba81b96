package com.voiceagent.platform.stage;

import com.voiceagent.platform.kafka.DeadLetters;
import com.voiceagent.schemas.TopicSpec;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Where every stage of every service declares what it consumes: topics from the catalogue, a handler per
 * topic, and a {@link Delivery}. The record policy is {@link StageListener}'s; how the records are fetched
 * (which consumer group, which commit policy) is decided here, once.
 *
 * <pre>{@code
 * stages.stage("stt").group("stt-service").delivery(Delivery.VOICE)
 *     .on(Topics.UTTERANCES, this::transcribe)
 *     .start();
 * }</pre>
 *
 * <p>Stages declared while the application starts begin consuming with the other lifecycle beans, after
 * the early phases (the dialog history is loaded before any transcript is answered).
 */
public final class Stages implements SmartLifecycle, DisposableBean {
  /**
   * Voice offsets are committed asynchronously at most this often. A synchronous commit after every poll made
   * each consumer wait for the broker's offset write before it could fetch the next record, and was a large
   * share of the broker's work under load. The price: after a crash (not a restart, which commits on the way
   * out) up to this long of voice records is delivered again.
   */
  static final long VOICE_COMMIT_INTERVAL_MS = 500;
  private static final Logger log = LoggerFactory.getLogger(Stages.class);

  private final ConsumerFactory<String, SpecificRecord> consumerFactory;
  private final CommonErrorHandler errorHandler;
  private final DeadLetters deadLetters;
  private final String instanceId;
  private final Duration maxRecordAge;
  private final Clock clock;
  private final Map<String, Running> stages = new LinkedHashMap<>();
  private boolean running;

  private record Running(StageListener listener, ConcurrentMessageListenerContainer<String, SpecificRecord> container) {}

  public Stages(ConsumerFactory<String, SpecificRecord> consumerFactory, CommonErrorHandler errorHandler, DeadLetters deadLetters,
      String instanceId, Duration maxRecordAge, Clock clock) {
    this.consumerFactory = Objects.requireNonNull(consumerFactory, "consumerFactory");
    this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    this.maxRecordAge = Objects.requireNonNull(maxRecordAge, "maxRecordAge");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Starts the declaration of a stage; {@code id} names its container, lanes and log lines. */
  public Builder stage(String id) {
    return new Builder(id);
  }

  /** The consumers of every declared stage (readiness checks, tests waiting for partition assignment). */
  public synchronized List<MessageListenerContainer> containers() {
    return stages.values().stream().<MessageListenerContainer>map(Running::container).toList();
  }

  /** The consumer of one stage. */
  public synchronized MessageListenerContainer container(String id) {
    Running stage = stages.get(id);
    if (stage == null) {
      throw new IllegalArgumentException("no stage '" + id + "' (declared: " + stages.keySet() + ")");
    }
    return stage.container();
  }

  private synchronized void register(Builder declared) {
    if (stages.containsKey(declared.id)) {
      throw new IllegalStateException("stage '" + declared.id + "' is declared twice");
    }
    if (declared.routes.isEmpty()) {
      throw new IllegalStateException("stage '" + declared.id + "' consumes no topic: add .on(topic, handler)");
    }
    String group = switch (declared.delivery) {
      case BROADCAST -> declared.id + "-" + instanceId;
      case VOICE, DURABLE -> Objects.requireNonNull(declared.group, () -> "stage '" + declared.id + "' needs a group");
    };
    Retry retry = declared.transientFailure == null ? null : Retry.of(declared.id, RetryConfig.custom()
        .maxAttempts(Integer.MAX_VALUE)
        .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30)))
        .retryOnException(declared.transientFailure)
        .failAfterMaxAttempts(false)
        .build());
    StageListener listener = new StageListener(declared.id, declared.delivery, declared.routes, retry, deadLetters,
        maxRecordAge, clock);
    ConcurrentMessageListenerContainer<String, SpecificRecord> container = factoryFor(declared.delivery)
        .createContainer(declared.routes.keySet().toArray(String[]::new));
    ContainerProperties properties = container.getContainerProperties();
    properties.setGroupId(group);
    properties.setClientId(declared.id + "-" + instanceId);
    properties.setMessageListener(listener);
    if (declared.delivery == Delivery.BROADCAST) {
      // Old cancellations concern turns this instance never saw.
      Properties consumer = new Properties();
      consumer.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
      properties.setKafkaConsumerProperties(consumer);
    }
    container.setBeanName(declared.id);
    stages.put(declared.id, new Running(listener, container));
    log.info("{} consumes as group {}", listener, group);
    if (running) {
      container.start();
    }
  }

  private ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> factoryFor(Delivery delivery) {
    ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> factory = new ConcurrentKafkaListenerContainerFactory<>();
    factory.setConsumerFactory(consumerFactory);
    factory.setCommonErrorHandler(errorHandler);
    ContainerProperties properties = factory.getContainerProperties();
    switch (delivery) {
      case VOICE, BROADCAST -> {
        properties.setAckMode(ContainerProperties.AckMode.TIME);
        properties.setAckTime(VOICE_COMMIT_INTERVAL_MS);
        properties.setSyncCommits(false);
      }
      case DURABLE -> {
        // Records are handled on lanes, so they finish out of order: the container commits an offset only
        // once every record before it has been acknowledged, and pauses fetching until the poll's records
        // are done (a bounded number in memory, whatever the backlog).
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        properties.setAsyncAcks(true);
        properties.setSyncCommits(true);
      }
    }
    return factory;
  }

  @Override
  public synchronized void start() {
    stages.values().forEach(stage -> stage.container().start());
    running = true;
  }

  /** Stops consuming; may start again (Spring pauses an application context that is not in use). */
  @Override
  public synchronized void stop() {
    running = false;
    stages.values().forEach(stage -> stage.container().stop());
  }

  @Override
  public synchronized void destroy() {
    stop();
    stages.values().forEach(stage -> stage.listener().close());
  }

  @Override
  public synchronized boolean isRunning() {
    return running;
  }

  /** With the listener containers Spring would start for {@code @KafkaListener}s: after the early phases. */
  @Override
  public int getPhase() {
    return AbstractMessageListenerContainer.DEFAULT_PHASE;
  }

  /** One stage, as it is being declared. */
  public final class Builder {
    private final String id;
    private final Map<String, StageListener.Route<?>> routes = new LinkedHashMap<>();
    private String group;
    private Delivery delivery = Delivery.VOICE;
    private Predicate<Throwable> transientFailure;

    private Builder(String id) {
      if (id == null || !id.matches("[a-z0-9-]{1,60}")) {
        throw new IllegalArgumentException("a stage id is 1-60 characters of [a-z0-9-], was '" + id + "'");
      }
      this.id = id;
    }

    /** The consumer group the stage's instances share (not for {@link Delivery#BROADCAST}). */
    public Builder group(String consumerGroup) {
      this.group = consumerGroup;
      return this;
    }

    public Builder delivery(Delivery how) {
      this.delivery = Objects.requireNonNull(how, "delivery");
      return this;
    }

    /** The stage handles the records of {@code topic} with {@code handler}. */
    public <V extends SpecificRecord> Builder on(TopicSpec<V> topic, StageHandler<V> handler) {
      return route(topic, handler, null);
    }

    /**
     * Like {@link #on}, and {@code onArrival} sees each record first, on the consumer thread, before it
     * waits behind the call's running work (a call that ended stops its running turn at once).
     */
    public <V extends SpecificRecord> Builder on(TopicSpec<V> topic, Consumer<V> onArrival, StageHandler<V> handler) {
      return route(topic, handler, Objects.requireNonNull(onArrival, "onArrival"));
    }

    /**
     * A {@link Delivery#DURABLE} stage retries a record whose handling failed with a transient failure (the
     * database is away) with a backoff of up to 30 s, until it passes; any other failure is dead-lettered.
     */
    public Builder retryWhile(Predicate<Throwable> isTransient) {
      this.transientFailure = Objects.requireNonNull(isTransient, "isTransient");
      return this;
    }

    /** Registers the stage; it consumes once the application has started (at once, if it already has). */
    public void start() {
      if (transientFailure != null && delivery != Delivery.DURABLE) {
        throw new IllegalStateException("stage '" + id + "': only a DURABLE stage retries (voice records are never retried)");
      }
      register(this);
    }

    private <V extends SpecificRecord> Builder route(TopicSpec<V> topic, StageHandler<V> handler, Consumer<V> onArrival) {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(handler, "handler");
      if (routes.putIfAbsent(topic.name(), new StageListener.Route<>(topic, handler, onArrival)) != null) {
        throw new IllegalStateException("stage '" + id + "' handles " + topic.name() + " twice");
      }
      return this;
    }
  }
}
