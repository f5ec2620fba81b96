package com.voiceagent.platform.kafka;

import com.voiceagent.events.StageTiming;
import com.voiceagent.platform.metrics.StageMetrics;
import com.voiceagent.schemas.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes events to catalogue topics, keyed as the catalogue says, with the request id (when the
 * work started from an HTTP request) and the producing instance in Kafka headers. Sending is
 * asynchronous: the caller never waits for the broker on the hot path. A record whose timeline this instance
 * has just extended is where a stage's timings are measured ({@link StageMetrics#published}), once for every stage.
 */
public final class EventPublisher {
  public static final String REQUEST_ID_HEADER = "x-request-id";
  public static final String PRODUCER_HEADER = "x-producer";
  public static final String REQUEST_ID_MDC = "requestId";
  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

  private final KafkaTemplate<String, SpecificRecord> template;
  private final KafkaTemplate<String, SpecificRecord> untracedTemplate;
  private final String instanceId;
  private final StageMetrics metrics;

  public EventPublisher(KafkaTemplate<String, SpecificRecord> template, String instanceId) {
    this(template, template, instanceId, StageMetrics.none());
  }

  /**
   * @param template sends the records of topics that are {@link TopicSpec#traced}: an observed template, each send a
   *     span whose context goes out in the record's headers
   * @param untracedTemplate sends the records of the other topics (a service's bookkeeping), without an observation
   */
  public EventPublisher(KafkaTemplate<String, SpecificRecord> template, KafkaTemplate<String, SpecificRecord> untracedTemplate,
      String instanceId, StageMetrics metrics) {
    this.template = Objects.requireNonNull(template, "template");
    this.untracedTemplate = Objects.requireNonNull(untracedTemplate, "untracedTemplate");
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** Publishes {@code event} to {@code topic}, keyed as the catalogue keys that topic's values. */
  public <V extends SpecificRecord> CompletableFuture<SendResult<String, SpecificRecord>> publish(TopicSpec<V> topic, V event) {
    measureTimeline(event);
    return send(topic, topic.keyOf(event), event);
  }

  /** Voice records carry a {@code timeline} of StageTiming entries; other records have none. */
  private void measureTimeline(SpecificRecord event) {
    Schema.Field field = event.getSchema().getField("timeline");
    if (field != null && event.get(field.pos()) instanceof List<?> timeline && !timeline.isEmpty()
        && timeline.getFirst() instanceof StageTiming) {
      @SuppressWarnings("unchecked")
      List<StageTiming> stages = (List<StageTiming>) timeline;
      metrics.published(TimelineRecords.read(stages), instanceId);
    }
  }

  /** Deletes {@code key} from a compacted topic (a record with no value). */
  public CompletableFuture<SendResult<String, SpecificRecord>> tombstone(TopicSpec<?> topic, String key) {
    if (!topic.compacted()) {
      throw new IllegalArgumentException(topic.name() + " is not compacted: a tombstone would be a record without a value");
    }
    return send(topic, key, null);
  }

  private CompletableFuture<SendResult<String, SpecificRecord>> send(TopicSpec<?> spec, String key, SpecificRecord event) {
    String topic = spec.name();
    ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(topic, key, event);
    String requestId = MDC.get(REQUEST_ID_MDC);
    if (requestId != null) {
      record.headers().add(REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8));
    }
    record.headers().add(PRODUCER_HEADER, instanceId.getBytes(StandardCharsets.UTF_8));
    return (spec.traced() ? template : untracedTemplate).send(record).whenComplete((result, error) -> {
      if (error != null) {
        log.error("could not publish {} to {} for key {}: {}", event == null ? "a tombstone" : event.getSchema().getName(),
            topic, key, error.toString());
      }
    });
  }
}
