package com.voiceagent.gateway.kafka;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.gateway.webhook.TwilioCallbackEvents;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Twilio callback form into a CallLifecycle event on call.lifecycle. The mapped fields get their
 * own schema fields; every other parameter goes to attributes (Twilio adds parameters without notice,
 * analysts want them all), plus "callback" naming which webhook it came from.
 */
final class KafkaTwilioCallbacks implements TwilioCallbackEvents {
  static final String CALLBACK_ATTRIBUTE = "callback";
  private static final Logger log = LoggerFactory.getLogger(KafkaTwilioCallbacks.class);
  private static final Set<String> MAPPED = Set.of("CallSid", "CallStatus", "SequenceNumber", "From", "To", "StreamSid");

  private final EventPublisher publisher;
  private final String producer;
  private final Clock clock;

  KafkaTwilioCallbacks(EventPublisher publisher, String producer, Clock clock) {
    this.publisher = publisher;
    this.producer = producer;
    this.clock = clock;
  }

  /** Publishes without waiting for the broker; a failure is logged and never reaches Twilio as a 500. */
  @Override
  public void publish(String callback, Map<String, String> form, boolean withCallStatus) {
    Map<String, String> attributes = new HashMap<>();
    form.forEach((key, value) -> {
      if (!MAPPED.contains(key) || (!withCallStatus && key.equals("CallStatus"))) {
        attributes.put(key, value);
      }
    });
    attributes.put(CALLBACK_ATTRIBUTE, callback);
    CallLifecycle event = CallLifecycle.newBuilder()
        .setCallSid(form.get("CallSid"))
        .setProducer(producer)
        .setEventTime(clock.instant())
        .setKind(CallLifecycleKind.CALL_STATUS)
        .setStreamSid(form.get("StreamSid"))
        .setCallStatus(withCallStatus ? form.get("CallStatus") : null)
        .setSequenceNumber(withCallStatus ? TwilioCallbackEvents.sequenceNumber(form.get("SequenceNumber")) : null)
        .setFrom(form.get("From"))
        .setTo(form.get("To"))
        .setAttributes(attributes)
        .build();
    try {
      publisher.publish(Topics.CALL_LIFECYCLE, event);
    } catch (RuntimeException e) {
      log.error("could not hand the {} callback to Kafka: {}", callback, e.toString());
    }
  }
}
