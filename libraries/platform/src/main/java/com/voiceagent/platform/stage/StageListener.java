package com.voiceagent.platform.stage;

import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.KeyedLanes;
import com.voiceagent.platform.kafka.DeadLetters;
import com.voiceagent.platform.metrics.StageMetrics;
import com.voiceagent.schemas.TopicSpec;
import io.github.resilience4j.retry.Retry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.listener.AcknowledgingShareConsumerAwareMessageListener;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * The one policy every stage applies to its records, written once: the value must be of its topic's type,
 * the record must name its call or conversation, voice records past their age are skipped, the handler
 * runs in the record's log context on the key's lane (or at once, for broadcasts), and what cannot be
 * handled goes to the dead-letter topic without stopping anything behind it. Each handled record is one span of
 * its turn's trace ({@value #OBSERVATION}), and what could not be served counts in {@link StageMetrics}.
 */
final class StageListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StageListener.class);

  /** What to do once a record has been dealt with (handled, skipped or dead-lettered): commit or acknowledge it. */
  @FunctionalInterface
  interface Settle {
    Settle NOTHING = () -> { };

    void settle();
  }

  /** One topic of the stage: how its records are typed and keyed, and what the stage does with them. */
  record Route<V extends SpecificRecord>(TopicSpec<V> topic, StageHandler<V> handler, @Nullable Consumer<V> onArrival) {}

  /** The most records of one call a voice stage holds at once (queued and running). */
  static final int MAX_QUEUED_PER_CALL = 32;
  /** The observation (span, and timer {@code voice_stage_handling_seconds}) around a stage's handler. */
  static final String OBSERVATION = "voice.stage.handling";

  private final String stage;
  private final Delivery delivery;
  private final Map<String, Route<?>> routes;
  private final @Nullable KeyedLanes lanes;
  private final @Nullable Retry retry;
  private final DeadLetters deadLetters;
  private final Duration maxRecordAge;
  private final int maxDeliveries;
  private final Clock clock;
  private final StageMetrics metrics;
  private final ObservationRegistry observations;

  StageListener(String stage, Delivery delivery, Map<String, Route<?>> routes, @Nullable Retry retry, DeadLetters deadLetters,
      Duration maxRecordAge, int maxDeliveries, Clock clock) {
    this(stage, delivery, routes, retry, deadLetters, maxRecordAge, maxDeliveries, clock, StageMetrics.none(),
        ObservationRegistry.NOOP);
  }

  StageListener(String stage, Delivery delivery, Map<String, Route<?>> routes, @Nullable Retry retry, DeadLetters deadLetters,
      Duration maxRecordAge, int maxDeliveries, Clock clock, StageMetrics metrics, ObservationRegistry observations) {
    this.stage = stage;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.observations = Objects.requireNonNull(observations, "observations");
    this.delivery = delivery;
    this.routes = Map.copyOf(routes);
    this.retry = retry;
    this.deadLetters = deadLetters;
    this.maxRecordAge = maxRecordAge;
    this.maxDeliveries = maxDeliveries;
    this.clock = clock;
    // Broadcasts are handled at once; a shared stage's consumers each handle one record at a time already.
    this.lanes = switch (delivery) {
      case BROADCAST, SHARED -> null;
      // Decision: a live call never has more than a few records waiting (a turn's events, its sentences);
      // a call with dozens queued is flooding or stuck, and its excess is refused so it cannot grow memory.
      case VOICE -> new KeyedLanes(stage + "-lane", MAX_QUEUED_PER_CALL, this::laneFailed);
      // A durable record refused would be a message lost: its lane is bounded by the consumer's polling instead.
      case DURABLE -> new KeyedLanes(stage + "-lane", this::laneFailed);
    };
  }

  /** This stage as a consumer group's listener: the container commits what is settled. */
  AcknowledgingMessageListener<String, SpecificRecord> forConsumerGroup() {
    return (record, ack) -> accept(record, ack == null ? Settle.NOTHING : ack::acknowledge);
  }

  /**
   * This stage as a share group's listener. The record is handled on the consumer's thread, under the lock
   * the broker gave this consumer, and the container accepts it when the handler returns. If this instance
   * dies first, its connections close and the broker hands the record to another instance.
   */
  AcknowledgingShareConsumerAwareMessageListener<String, SpecificRecord> forShareGroup() {
    return (record, ack, consumer) -> accept(record, Settle.NOTHING);
  }

  void accept(ConsumerRecord<String, SpecificRecord> record, Settle settle) {
    Instant receivedAt = clock.instant();
    Route<?> route = routes.get(record.topic());
    if (route == null) {
      refuse(record, settle, "no-route", "stage " + stage + " has no handler for topic " + record.topic());
      return;
    }
    int deliveries = record.deliveryCount().map(Short::intValue).orElse(1);
    if (deliveries > maxDeliveries) {
      // Decision: a record that was handed out this often without being settled takes its instance down
      // with it (or hangs it); it must not take the next instance down too.
      refuse(record, settle, "redelivered", "delivered " + deliveries + " times without being handled (limit " + maxDeliveries + ")");
      return;
    }
    dispatch(route, record, settle, receivedAt);
  }

  private <V extends SpecificRecord> void dispatch(Route<V> route, ConsumerRecord<String, SpecificRecord> record,
      Settle settle, Instant receivedAt) {
    TopicSpec<V> topic = route.topic();
    SpecificRecord value = record.value();
    if (!topic.valueType().isInstance(value)) {
      refuse(record, settle, "wrong-type", topic.name() + " carries " + topic.valueType().getSimpleName() + ", got "
          + (value == null ? "no value" : value.getSchema().getFullName()));
      return;
    }
    V typed = topic.valueType().cast(value);
    String key = record.key() != null && !record.key().isBlank() ? record.key() : topic.keyOf(typed);
    if (key.isBlank()) {
      refuse(record, settle, "no-key", "the record has no key and its value names no call or conversation");
      return;
    }
    if (route.onArrival() != null) {
      route.onArrival().accept(typed);
    }
    Observation handling = observe(record);
    Runnable work = () -> handling.observe(() -> handle(route, record, typed, key, receivedAt, settle));
    if (lanes == null) {
      work.run();
    } else {
      lanes.submit(key, work).whenComplete((done, failure) -> {
        if (failure instanceof KeyedLanes.LaneFullException full) {
          refuse(record, settle, "lane-full", full.getMessage());
        }
      });
    }
  }

  /**
   * The span of this stage's work on one record, created on the consumer thread and run on the call's lane. It is
   * the record's receive span: Spring Kafka's receiver context hands the record's headers to the tracer, so the span
   * continues the trace the sender's span started (W3C traceparent). The containers observe nothing themselves.
   */
  private Observation observe(ConsumerRecord<String, SpecificRecord> record) {
    return Observation.createNotStarted(OBSERVATION,
            () -> new KafkaRecordReceiverContext(record, stage, null, null, () -> null), observations)
        .contextualName(stage + " " + record.topic())
        .lowCardinalityKeyValue("stage", stage)
        .lowCardinalityKeyValue("topic", record.topic());
  }

  private void laneFailed(String key, Throwable failure) {
    if (failure instanceof KeyedLanes.LaneFullException) {
      log.warn("stage {}: too many records of {} waiting: the newest goes to the dead-letter topic", stage, key);
    } else {
      log.error("stage {}: lane {} failed", stage, key, failure);
    }
  }

  private <V extends SpecificRecord> void handle(Route<V> route, ConsumerRecord<String, SpecificRecord> record, V value,
      String key, Instant receivedAt, Settle settle) {
    TopicSpec<V> topic = route.topic();
    try (var ctx = CallContext.open(key, topic.turnOf(value))) {
      if (delivery.skipsStaleRecords() && tooOld(topic.eventTimeOf(value), receivedAt, topic)) {
        metrics.failed(stage, "stale");
        return;
      }
      Inbound<V> inbound = new Inbound<>(value, key, receivedAt);
      // At debug level: which instance took which record (a failover test kills the one that holds a turn).
      if (log.isDebugEnabled()) { // on every record: no boxing when debug is off
        log.debug("stage {}: {} record taken from partition {} offset {}", stage, topic.name(), record.partition(),
            record.offset());
      }
      try {
        if (retry == null) {
          route.handler().handle(inbound);
        } else {
          retry.executeCheckedSupplier(() -> {
            route.handler().handle(inbound);
            return null;
          });
        }
      } catch (Throwable failure) {
        // Decision: a record this stage cannot handle is kept for analysis, and the call or conversation goes
        // on with its next record. Bad input or a bug in one record must never stop the records behind it.
        log.error("stage {}: {} record could not be handled: {}", stage, topic.name(), failure.toString());
        metrics.failed(stage, "handler-error");
        deadLetters.send(record, failure);
      }
    } finally {
      settle.settle();
    }
  }

  private boolean tooOld(@Nullable Instant eventTime, Instant receivedAt, TopicSpec<?> topic) {
    if (eventTime == null) {
      return false;
    }
    Duration age = Duration.between(eventTime, receivedAt);
    if (age.compareTo(maxRecordAge) <= 0) {
      return false;
    }
    log.info("stage {}: skipping a {} record {} ms old (voice.platform.max-record-age {} ms): nobody is waiting for it",
        stage, topic.name(), age.toMillis(), maxRecordAge.toMillis());
    return true;
  }

  private void refuse(ConsumerRecord<String, SpecificRecord> record, Settle settle, String reason, String why) {
    metrics.failed(stage, reason);
    try {
      deadLetters.send(record, new IllegalArgumentException(why));
    } finally {
      settle.settle();
    }
  }

  /** Calls or conversations with queued or running work. */
  int activeKeys() {
    return lanes == null ? 0 : lanes.activeKeys();
  }

  /** Waits until every queued record has been handled (or the time is up); true when idle. */
  boolean awaitIdle(Duration atMost) {
    return lanes == null || lanes.awaitIdle(atMost);
  }

  @Override
  public void close() {
    if (lanes != null) {
      lanes.close();
    }
  }

  String stage() {
    return stage;
  }

  @Override
  public String toString() {
    return "stage " + stage + " (" + delivery + ", topics " + Objects.requireNonNull(routes.keySet()) + ")";
  }
}
