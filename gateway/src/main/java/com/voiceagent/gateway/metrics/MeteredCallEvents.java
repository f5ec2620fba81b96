package com.voiceagent.gateway.metrics;

import com.voiceagent.gateway.call.AgentSpeech;
import com.voiceagent.gateway.call.CallEvents;
import com.voiceagent.gateway.call.CallerUtterance;
import com.voiceagent.gateway.call.TurnPlayed;
import com.voiceagent.gateway.token.StreamEnd;
import com.voiceagent.platform.control.TurnCancellation;
import com.voiceagent.platform.metrics.StageMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A call's events, counted on their way to Kafka: the turn latency the caller lives with, barge-ins and fallbacks.
 * Tags never name a call (cardinality, privacy): {@code stage} is a fixed word.
 *
 * <ul>
 *   <li>{@value #TURN_LATENCY}: the caller's last speech sample to the first reply audio sent, per answered turn
 *       (greetings have no caller speech before them and are left out);</li>
 *   <li>{@value #BARGE_INS}: turns the caller spoke over;</li>
 *   <li>{@value #CALLS_ACTIVE}: calls whose media stream this instance holds ({@link #callsActive});</li>
 *   <li>{@value #FALLBACKS}{stage}: {@code dialog} when the turn's reply was a fallback (the dialog's engine failed or
 *       timed out, or the transcript was unusable), {@code gateway} when the gateway said its holding phrase because
 *       no reply audio had come in time;</li>
 *   <li>{@value #TURNS_PUBLISHED}{speculative}: turns published for transcription, {@code true} when published at a
 *       pause before the end silence confirmed it; each costs an STT request and, once transcribed, a dialog request;</li>
 *   <li>{@value #TURNS_TAKEN_BACK}: speculative turns the caller spoke on through (their requests were spent for
 *       nothing). Published over published less taken back is the engine requests per answered turn.</li>
 * </ul>
 */
public final class MeteredCallEvents implements CallEvents {
  public static final String TURN_LATENCY = "voice.turn.latency";
  public static final String BARGE_INS = "voice.barge.ins";
  public static final String FALLBACKS = "voice.fallbacks";
  public static final String CALLS_ACTIVE = "voice.calls.active";
  public static final String TURNS_PUBLISHED = "voice.turns.published";
  public static final String TURNS_TAKEN_BACK = "voice.turns.taken.back";

  private final CallEvents delegate;
  private final Timer turnLatency;
  private final Counter bargeIns;
  private final Counter dialogFallbacks;
  private final Counter gatewayFallbacks;
  private final Counter turnsPublished;
  private final Counter speculativeTurnsPublished;
  private final Counter turnsTakenBack;

  public MeteredCallEvents(CallEvents delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.turnLatency = Timer.builder(TURN_LATENCY)
        .description("Caller's last speech sample to the first reply audio sent, per turn")
        .serviceLevelObjectives(StageMetrics.SLO_BUCKETS)
        .register(registry);
    this.bargeIns = Counter.builder(BARGE_INS).description("Turns the caller spoke over").register(registry);
    this.dialogFallbacks = fallbacks(registry, "dialog");
    this.gatewayFallbacks = fallbacks(registry, "gateway");
    this.turnsPublished = turnsPublished(registry, false);
    this.speculativeTurnsPublished = turnsPublished(registry, true);
    this.turnsTakenBack = Counter.builder(TURNS_TAKEN_BACK)
        .description("Speculative turns the caller spoke on through: their STT and dialog requests were spent for nothing")
        .register(registry);
  }

  private static Counter turnsPublished(MeterRegistry registry, boolean speculative) {
    return Counter.builder(TURNS_PUBLISHED)
        .description("Caller turns published for transcription; speculative=true when published at a pause")
        .tag("speculative", Boolean.toString(speculative)).register(registry);
  }

  @Override
  public @Nullable String traceIdOf(String callSid, int turn) {
    return delegate.traceIdOf(callSid, turn);
  }

  /** {@value #CALLS_ACTIVE}: calls whose media stream this instance holds, read at each scrape. */
  public static Gauge callsActive(MeterRegistry registry, IntSupplier calls) {
    // Held strongly: Micrometer keeps a gauge's object by a weak reference, and a method reference held nowhere
    // else is collected at the next GC, after which the gauge reads NaN (seen on a live ./voice up).
    return Gauge.builder(CALLS_ACTIVE, calls, IntSupplier::getAsInt)
        .description("Calls whose media stream this gateway instance holds")
        .strongReference(true)
        .register(registry);
  }

  private static Counter fallbacks(MeterRegistry registry, String stage) {
    return Counter.builder(FALLBACKS).description("Turns answered with a fallback instead of an answer, by the stage that fell back")
        .tag("stage", stage).register(registry);
  }

  @Override
  public void streamStarted(String callSid, String streamSid, Map<String, String> parameters, @Nullable StreamEnd resumedAfter,
      int lastTurn) {
    delegate.streamStarted(callSid, streamSid, parameters, resumedAfter, lastTurn);
  }

  @Override
  public void streamStopped(String callSid, String streamSid, int lastTurn, StreamEnd reason) {
    delegate.streamStopped(callSid, streamSid, lastTurn, reason);
  }

  @Override
  public void utterance(CallerUtterance utterance) {
    if (utterance.keypad().isEmpty()) { // keys pressed are no speech: nothing to transcribe
      (utterance.speculative() ? speculativeTurnsPublished : turnsPublished).increment();
    }
    delegate.utterance(utterance);
  }

  @Override
  public void turnCancelled(TurnCancellation cancellation) {
    if (cancellation.cause() == TurnCancellation.Cause.BARGE_IN) {
      bargeIns.increment();
    } else if (cancellation.cause() == TurnCancellation.Cause.CALLER_CONTINUED) {
      turnsTakenBack.increment();
    }
    delegate.turnCancelled(cancellation);
  }

  @Override
  public void turnPlayed(TurnPlayed played) {
    // Turn 0 (the greeting, or the opening of a call we placed) answers no caller speech: not a turn latency.
    if (played.kind() != AgentSpeech.Kind.GREETING && played.turn() > 0) {
      turnLatency.record(Duration.between(played.speechEndedAt(), played.firstAudioSentAt()));
    }
    if (played.kind() == AgentSpeech.Kind.FALLBACK) {
      dialogFallbacks.increment();
    }
    delegate.turnPlayed(played);
  }

  @Override
  public void holdingPhraseSaid(String callSid, int turn) {
    gatewayFallbacks.increment();
    delegate.holdingPhraseSaid(callSid, turn);
  }

  @Override
  public void transferred(String callSid, String streamSid, int turn) {
    delegate.transferred(callSid, streamSid, turn);
  }
}
