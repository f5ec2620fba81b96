package com.voiceagent.gateway.kafka;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.gateway.webhook.TwilioCallbackEvents;
import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.MDC;

/**
 * Turns a Twilio callback form into a CallLifecycle event on call.lifecycle. The mapped fields get their
 * own schema fields; every other parameter goes to attributes (Twilio adds parameters without notice,
 * analysts want them all), plus "callback" naming which webhook it came from.
 *
 * <p>The webhook thread only builds the event and leaves it in a bounded buffer ({@link PendingEvents}):
 * the producer may block up to its max.block.ms (60 s) while the broker is away, and Twilio waits 15 s.
 */
final class KafkaTwilioCallbacks implements TwilioCallbackEvents, AutoCloseable {
  static final String CALLBACK_ATTRIBUTE = "callback";
  /** How long a stopping gateway gives the broker to take the callbacks still waiting. */
  static final Duration FLUSH_ON_CLOSE = Duration.ofSeconds(2);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
  private static final Set<String> MAPPED = Set.of("CallSid", "CallStatus", "SequenceNumber", "From", "To", "StreamSid");

  /** An event and the id of the webhook request it came from, which travels with it as a Kafka header. */
  private record Callback(CallLifecycle event, String requestId) {}

  private final String producer;
  private final Clock clock;
  private final PendingEvents<Callback> pending;

  /** @param capacity callbacks kept at most while the broker does not take them */
  KafkaTwilioCallbacks(EventPublisher publisher, String producer, Clock clock, int capacity) {
    this.producer = producer;
    this.clock = clock;
    this.pending = new PendingEvents<>("twilio-callbacks", capacity, callback -> send(publisher, callback),
        KafkaTwilioCallbacks::brokerAway, RETRY_PAUSE);
  }

  /** On the sender's thread: the request's log context is put back for the publisher's header and log lines. */
  private static CompletableFuture<?> send(EventPublisher publisher, Callback callback) {
    try (var ctx = CallContext.open(callback.event().getCallSid())) {
      if (callback.requestId() == null) {
        return publisher.publish(Topics.CALL_LIFECYCLE, callback.event());
      }
      try (var request = MDC.putCloseable(EventPublisher.REQUEST_ID_MDC, callback.requestId())) {
        return publisher.publish(Topics.CALL_LIFECYCLE, callback.event());
      }
    }
  }

  @Override
  public Handoff publish(String callback, Map<String, String> form, boolean withCallStatus) {
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
    return pending.offer(new Callback(event, MDC.get(EventPublisher.REQUEST_ID_MDC))) ? Handoff.KEPT : Handoff.REFUSED;
  }

  /** Kafka marks what may pass by itself (the broker away, a leader moving, a timeout) as retriable. */
  static boolean brokerAway(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof RetriableException) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    pending.close(FLUSH_ON_CLOSE);
  }
}
