package com.voiceagent.whatsapp.inbound;

import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.TopicSpec;
import com.voiceagent.whatsapp.WhatsAppProperties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Component;

/**
 * Publishes and waits for the broker's acknowledgement (acks=all). Webhooks use it only when the database
 * is down (normally their events go through the inbound outbox): Twilio must not get its 200 before the
 * record is durable somewhere.
 */
@Component
public class DurablePublisher {
  private final EventPublisher publisher;
  private final WhatsAppProperties properties;

  DurablePublisher(EventPublisher publisher, WhatsAppProperties properties) {
    this.publisher = publisher;
    this.properties = properties;
  }

  /** @throws NotRecordedException when Kafka did not acknowledge in time */
  public <V extends SpecificRecord> void publish(TopicSpec<V> topic, V event) {
    try {
      publisher.publish(topic, event).get(properties.kafkaAckTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotRecordedException(topic.name(), e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new NotRecordedException(topic.name(), e);
    }
  }

  public static final class NotRecordedException extends RuntimeException {
    NotRecordedException(String topic, Throwable cause) {
      super("could not record to Kafka topic " + topic + ": " + (cause.getCause() != null ? cause.getCause() : cause), cause);
    }
  }
}
