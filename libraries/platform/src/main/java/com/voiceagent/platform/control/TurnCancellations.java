package com.voiceagent.platform.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.platform.stage.Delivery;
import com.voiceagent.platform.stage.Inbound;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every turn cancellation the gateways publish on voice.control, remembered by every instance of a stage
 * that may hold work of the turn (dialog answering it, tts speaking its sentences): a turn's records can sit
 * on any instance, so each instance reads every cancellation (a {@link Delivery#BROADCAST} stage).
 *
 * <p>Memory is bounded without relying on a call's end (only one instance sees that): an entry is kept for
 * {@code keep} and at most {@code maxEntries} of each kind are kept. A cancellation matters only while
 * records of its turn can still arrive, and records older than the platform's max record age are skipped.
 */
public final class TurnCancellations {
  private static final Logger log = LoggerFactory.getLogger(TurnCancellations.class);

  private final Cache<String, TurnCancellation.Cause> turns;
  private final Cache<String, Boolean> endedCalls;
  private final List<Consumer<TurnCancellation>> listeners = new CopyOnWriteArrayList<>();

  public TurnCancellations(Clock clock, Duration keep, int maxEntries) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(keep, "keep");
    this.turns = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(keep)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    this.endedCalls = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(keep)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
  }

  /** Reads voice.control as {@code service}'s broadcast stage. */
  public TurnCancellations listen(Stages stages, String service) {
    stages.stage(service + "-control").delivery(Delivery.BROADCAST).on(Topics.CONTROL, this::onRecord).start();
    return this;
  }

  /** Called on the control consumer's thread for every cancellation, after it is remembered. */
  public void onCancellation(Consumer<TurnCancellation> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Whether the turn was cancelled for any reason, or its call ended. */
  public boolean isCancelled(String callSid, int turn) {
    return endedCalls.getIfPresent(callSid) != null || turns.getIfPresent(key(callSid, turn)) != null;
  }

  /** Whether the gateway took the turn back because the caller went on speaking: it never happened. */
  public boolean takenBack(String callSid, int turn) {
    return turns.getIfPresent(key(callSid, turn)) == TurnCancellation.Cause.CALLER_CONTINUED;
  }

  /**
   * Whether the caller spoke over the turn, or spoke on while waiting for its reply (the gateway cut it): what
   * they say next is the next turn, so nothing more of this one is heard.
   */
  public boolean bargedIn(String callSid, int turn) {
    return turns.getIfPresent(key(callSid, turn)) == TurnCancellation.Cause.BARGE_IN;
  }

  /** Remembers a cancellation and tells the listeners. */
  public void record(TurnCancellation cancellation) {
    turns.put(key(cancellation.callSid(), cancellation.turn()), cancellation.cause());
    if (cancellation.cause() == TurnCancellation.Cause.CALL_ENDED) {
      // Nobody is listening any more: whatever turn a late record belongs to, it is useless.
      endedCalls.put(cancellation.callSid(), Boolean.TRUE);
    }
    for (Consumer<TurnCancellation> listener : listeners) {
      listener.accept(cancellation);
    }
  }

  private void onRecord(Inbound<TurnCancelled> inbound) {
    TurnCancelled cancelled = inbound.value();
    TurnCancellation.Cause cause = switch (cancelled.getReason()) {
      case BARGE_IN -> TurnCancellation.Cause.BARGE_IN;
      case CALL_ENDED -> TurnCancellation.Cause.CALL_ENDED;
      case CALLER_CONTINUED -> TurnCancellation.Cause.CALLER_CONTINUED;
      default -> null;
    };
    if (cause == null) {
      log.warn("cancellation of turn {} for a reason this version does not know ({}): ignored", cancelled.getTurn(),
          cancelled.getReason());
      return;
    }
    log.info("turn {} cancelled ({})", cancelled.getTurn(), cause);
    record(new TurnCancellation(cancelled.getCallSid(), cancelled.getTurn(), cause, cancelled.getHeardSegments(),
        cancelled.getHeardText()));
  }

  private static String key(String callSid, int turn) {
    return callSid + '#' + turn;
  }
}
