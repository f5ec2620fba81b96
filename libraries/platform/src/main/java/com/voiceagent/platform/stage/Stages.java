package com.voiceagent.platform.stage;

import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.platform.PlatformProperties;
import com.voiceagent.platform.metrics.StageMetrics;
import io.micrometer.observation.ObservationRegistry;
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
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.ShareKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ShareConsumerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.ShareKafkaMessageListenerContainer;

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
  /**
   * How long one poll of a consumer group's consumer waits. Kafka 4.2's consumer for the consumer group
   * protocol sends its next fetch only when the application polls again, and an empty fetch answer does not
   * end the application's wait (KAFKA-20780, fixed after 4.2): a record arriving after an empty answer waited
   * for the rest of Spring's default 5 s poll. Polling this often bounds that wait; a poll with a fetch still
   * in flight costs no request.
   */
  static final long POLL_TIMEOUT_MS = 50;
  private static final Logger log = LoggerFactory.getLogger(Stages.class);

  private final ConsumerFactory<String, SpecificRecord> consumerFactory;
  private final ShareConsumerFactory<String, SpecificRecord> shareConsumerFactory;
  private final CommonErrorHandler errorHandler;
  private final DeadLetters deadLetters;
  private final InstanceIdentity instance;
  private final PlatformProperties settings;
  private final StageReadiness readiness = new StageReadiness();
  private final GroupSettings groups;
  private final Clock clock;
  private final StageMetrics metrics;
  private final ObservationRegistry observations;
  private final Map<String, Running> stages = new LinkedHashMap<>();
  private final Map<String, List<String>> shareGroups = new LinkedHashMap<>();
  private final Map<String, List<String>> consumerGroups = new LinkedHashMap<>();
  private boolean running;

  private record Running(StageListener listener, MessageListenerContainer container) {}

  public Stages(ConsumerFactory<String, SpecificRecord> consumerFactory,
      ShareConsumerFactory<String, SpecificRecord> shareConsumerFactory, CommonErrorHandler errorHandler,
      DeadLetters deadLetters, InstanceIdentity instance, PlatformProperties settings, Map<String, Object> adminProperties,
      Clock clock) {
    this(consumerFactory, shareConsumerFactory, errorHandler, deadLetters, instance, settings, adminProperties, clock,
        StageMetrics.none(), ObservationRegistry.NOOP);
  }

  /** With metrics ({@link StageMetrics}) and traces: every record's handling is a span of its turn's trace. */
  public Stages(ConsumerFactory<String, SpecificRecord> consumerFactory,
      ShareConsumerFactory<String, SpecificRecord> shareConsumerFactory, CommonErrorHandler errorHandler,
      DeadLetters deadLetters, InstanceIdentity instance, PlatformProperties settings, Map<String, Object> adminProperties,
      Clock clock, StageMetrics metrics, ObservationRegistry observations) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.observations = Objects.requireNonNull(observations, "observations");
    this.consumerFactory = Objects.requireNonNull(consumerFactory, "consumerFactory");
    this.shareConsumerFactory = Objects.requireNonNull(shareConsumerFactory, "shareConsumerFactory");
    this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.instance = Objects.requireNonNull(instance, "instance");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.groups = new GroupSettings(adminProperties, settings.groupSessionTimeout(), settings.groupHeartbeatInterval(),
        settings.shareLockDuration(), settings.maxRecordAge());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Starts the declaration of a stage; {@code id} names its container, lanes and log lines. */
  public Builder stage(String id) {
    return new Builder(id);
  }

  /** The consumers of every declared stage (readiness checks, tests waiting for partition assignment). */
  public synchronized List<MessageListenerContainer> containers() {
    return stages.values().stream().map(Running::container).toList();
  }

  /** The share groups this instance's stages consume in, each with its topics (the group lag metrics). */
  public synchronized Map<String, List<String>> shareGroups() {
    return Map.copyOf(shareGroups);
  }

  /** The consumer groups this instance's stages consume in, each with its topics (the group lag metrics). */
  public synchronized Map<String, List<String>> consumerGroups() {
    return Map.copyOf(consumerGroups);
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
      case BROADCAST -> declared.id + "-" + instance.id();
      case VOICE, SHARED, DURABLE -> Objects.requireNonNull(declared.group, () -> "stage '" + declared.id + "' needs a group");
    };
    Retry retry = declared.transientFailure == null ? null : Retry.of(declared.id, RetryConfig.custom()
        .maxAttempts(Integer.MAX_VALUE)
        .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30)))
        .retryOnException(declared.transientFailure)
        .failAfterMaxAttempts(false)
        .build());
    StageListener listener = new StageListener(declared.id, declared.delivery, declared.routes, retry, deadLetters,
        settings.maxRecordAge(), settings.maxDeliveries(), clock, metrics, observations);
    String[] topics = declared.routes.keySet().toArray(String[]::new);
    MessageListenerContainer container = declared.delivery == Delivery.SHARED
        ? shareGroupContainer(declared.id, group, topics, listener)
        : consumerGroupContainer(declared, group, topics, listener);
    stages.put(declared.id, new Running(listener, container));
    readiness.expect(declared.id);
    log.info("{} consumes as group {}", listener, group);
    if (running) {
      container.start();
      if (container instanceof ShareKafkaMessageListenerContainer<?, ?>) {
        readiness.joined(declared.id);
      }
    }
  }

  /**
   * A consumer group on the consumer group protocol (KIP-848): the broker assigns partitions and detects a
   * dead member within the group's session timeout. With a configured instance id the member is static: a
   * restarted instance takes its own place back at once instead of waiting for the old member to expire.
   * The range assignor keeps partition N of every topic of a stage on one member (dialog's transcripts and
   * call lifecycle of one call).
   */
  private MessageListenerContainer consumerGroupContainer(Builder declared, String group, String[] topics,
      StageListener listener) {
    ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> factory = new ConcurrentKafkaListenerContainerFactory<>();
    factory.setConsumerFactory(consumerFactory);
    factory.setCommonErrorHandler(errorHandler);
    ContainerProperties commits = factory.getContainerProperties();
    if (declared.delivery == Delivery.DURABLE) {
      // Records are handled on lanes, so they finish out of order: the container commits an offset only once
      // every record before it has been acknowledged, and pauses fetching until the poll's records are done
      // (a bounded number in memory, whatever the backlog).
      commits.setAckMode(ContainerProperties.AckMode.MANUAL);
      commits.setAsyncAcks(true);
      commits.setSyncCommits(true);
    } else {
      commits.setAckMode(ContainerProperties.AckMode.TIME);
      commits.setAckTime(VOICE_COMMIT_INTERVAL_MS);
      commits.setSyncCommits(false);
    }
    ConcurrentMessageListenerContainer<String, SpecificRecord> container = factory.createContainer(topics);
    ContainerProperties properties = container.getContainerProperties();
    properties.setGroupId(group);
    properties.setPollTimeout(POLL_TIMEOUT_MS);
    properties.setClientId(declared.id + "-" + instance.id());
    properties.setMessageListener(listener.forConsumerGroup());
    // No container observation: the stage's own span is the record's receive span (StageListener), as in share
    // groups, so a consumed record costs one observation, not two nested ones (measured: docs/benchmarks.md).
    Properties consumer = new Properties();
    consumer.setProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    consumer.setProperty(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "range");
    if (declared.delivery == Delivery.BROADCAST) {
      // Old cancellations concern turns this instance never saw.
      consumer.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    } else if (instance.stable()) {
      consumer.setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance.id() + "-" + declared.id);
    }
    properties.setKafkaConsumerProperties(consumer);
    properties.setConsumerRebalanceListener(readiness.listenerFor(declared.id));
    container.setBeanName(declared.id);
    groups.consumerGroup(group);
    remember(consumerGroups, group, topics);
    return container;
  }

  /**
   * A share group ("queues for Kafka", KIP-932): each consumer takes one record at a time, under a lock
   * longer than the stage's budget, and the container accepts it once handled; voice.platform.share-consumers
   * consumers per instance handle that many records at once. An instance that dies drops its connections and
   * the broker releases its records to the others at once; one that hangs keeps them until the lock runs out.
   */
  private MessageListenerContainer shareGroupContainer(String id, String group, String[] topics, StageListener listener) {
    ShareKafkaListenerContainerFactory<String, SpecificRecord> factory = new ShareKafkaListenerContainerFactory<>(
        shareConsumerFactory);
    factory.setConcurrency(settings.shareConsumers());
    factory.getContainerProperties().setShareAckMode(ContainerProperties.ShareAckMode.EXPLICIT);
    ShareKafkaMessageListenerContainer<String, SpecificRecord> container = factory.createContainer(topics);
    container.getContainerProperties().setGroupId(group);
    container.setClientId(id + "-" + instance.id());
    container.setupMessageListener(listener.forShareGroup());
    container.setBeanName(id);
    groups.shareGroup(group);
    remember(shareGroups, group, topics);
    return container;
  }

  private static void remember(Map<String, List<String>> groups, String group, String[] topics) {
    groups.merge(group, List.of(topics), (before, more) -> Stream.concat(before.stream(), more.stream()).distinct().toList());
  }

  @Override
  public synchronized void start() {
    stages.forEach((id, stage) -> {
      stage.container().start();
      if (stage.container() instanceof ShareKafkaMessageListenerContainer<?, ?>) {
        readiness.joined(id);
      }
    });
    running = true;
  }

  /**
   * Whether every stage can consume: each consumer group took this instance in (an assignment arrived, even
   * an empty one) and each share group's consumers run. Until then the service is not ready.
   */
  public boolean consuming() {
    return readiness.ready();
  }

  /** Stops consuming; may start again (Spring pauses an application context that is not in use). */
  @Override
  public synchronized void stop() {
    running = false;
    readiness.stopped();
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
