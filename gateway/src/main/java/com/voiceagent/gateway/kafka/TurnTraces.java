package com.voiceagent.gateway.kafka;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One trace per turn: the turn's observation starts when the gateway publishes the caller's utterance, every record
 * of the turn is published while it is current (Spring Kafka puts its W3C trace context in the record headers, and
 * each stage continues it), and it ends when the turn's first audio has been played ({@code TurnCompleted} carries
 * its trace id) or the turn was taken back. A turn that never ends so (the call dropped) is ended after
 * {@link #FORGET_AFTER}, so the map stays bounded.
 */
final class TurnTraces {
  static final String OBSERVATION = "voice.turn";
  static final Duration FORGET_AFTER = Duration.ofMinutes(2);

  private final ObservationRegistry registry;
  private final Cache<String, Observation> open;

  TurnTraces(ObservationRegistry registry) {
    this.registry = registry;
    this.open = Caffeine.newBuilder().expireAfterWrite(FORGET_AFTER)
        .<String, Observation>removalListener((key, observation, cause) -> {
          if (observation != null && cause != RemovalCause.EXPLICIT && cause != RemovalCause.REPLACED) {
            observation.stop();
          }
        })
        .build();
  }

  /** The turn's observation, started now if the turn has none yet. */
  Observation begin(String callSid, int turn) {
    return open.get(key(callSid, turn), ignored -> Observation.createNotStarted(OBSERVATION, registry)
        .contextualName("turn").lowCardinalityKeyValue("service", "gateway").start());
  }

  /** The turn's observation, if it is still open. */
  @Nullable Observation of(String callSid, int turn) {
    return open.getIfPresent(key(callSid, turn));
  }

  /** Takes the turn's observation out (the caller stops it once the turn's last record is out). */
  @Nullable Observation end(String callSid, int turn) {
    return open.asMap().remove(key(callSid, turn));
  }

  /** The W3C trace id of a turn's observation, or null where nothing traces (no tracer configured). */
  static @Nullable String traceId(@Nullable Observation observation) {
    if (observation == null) {
      return null;
    }
    TracingObservationHandler.TracingContext tracing =
        observation.getContext().get(TracingObservationHandler.TracingContext.class);
    return tracing == null || tracing.getSpan() == null ? null : tracing.getSpan().context().traceId();
  }

  private static String key(String callSid, int turn) {
    return callSid + "/" + turn;
  }
}
