package com.voiceagent.platform.kafka;

import com.voiceagent.schemas.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes events to catalogue topics, keyed by the event's callSid, with the request id (when the
 * work started from an HTTP request) and the producing instance in Kafka headers. Sending is
 * asynchronous: the caller never waits for the broker on the hot path.
 */
public final class EventPublisher {
  public static final String REQUEST_ID_HEADER = "x-request-id";
  public static final String PRODUCER_HEADER = "x-producer";
  public static final String REQUEST_ID_MDC = "requestId";
  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

  private final KafkaTemplate<String, SpecificRecord> template;
  private final String instanceId;

  public EventPublisher(KafkaTemplate<String, SpecificRecord> template, String instanceId) {
    this.template = Objects.requireNonNull(template, "template");
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
  }

  public <V extends SpecificRecord> CompletableFuture<SendResult<String, SpecificRecord>> publish(TopicSpec<V> topic, V event) {
    return publish(topic.name(), keyOf(event), event);
  }

  /** For topics addressed by name at run time (a reply-audio topic carried in replyTo). */
  public CompletableFuture<SendResult<String, SpecificRecord>> publish(String topic, String key, SpecificRecord event) {
    ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(topic, key, event);
    String requestId = MDC.get(REQUEST_ID_MDC);
    if (requestId != null) {
      record.headers().add(REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8));
    }
    record.headers().add(PRODUCER_HEADER, instanceId.getBytes(StandardCharsets.UTF_8));
    return template.send(record).whenComplete((result, error) -> {
      if (error != null) {
        log.error("could not publish {} to {} for key {}: {}", event.getSchema().getName(), topic, key, error.toString());
      }
    });
  }

  static String keyOf(SpecificRecord event) {
    var field = event.getSchema().getField("callSid");
    if (field == null) {
      throw new IllegalArgumentException(event.getSchema().getName() + " has no callSid field to key by");
    }
    return String.valueOf(event.get(field.pos()));
  }
}
