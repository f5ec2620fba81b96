package com.voiceagent.tts.stage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.voiceagent.events.CancelReason;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The turns cancelled recently (barge-in) and the calls that ended, so their queued and late segments
 * are dropped. Bounded and expiring: a cancellation matters only while its segments can still arrive,
 * which is seconds, and records older than the platform's max record age are skipped anyway.
 */
@Component
class CancelledTurns {
  static final Duration REMEMBER_FOR = Duration.ofMinutes(10);
  static final int MAX_ENTRIES = 100_000;

  private final Cache<String, Boolean> turns = Caffeine.newBuilder()
      .maximumSize(MAX_ENTRIES).expireAfterWrite(REMEMBER_FOR).build();
  private final Cache<String, Boolean> endedCalls = Caffeine.newBuilder()
      .maximumSize(MAX_ENTRIES).expireAfterWrite(REMEMBER_FOR).build();

  void cancel(String callSid, int turn, CancelReason reason) {
    turns.put(turnKey(callSid, turn), Boolean.TRUE);
    if (reason == CancelReason.CALL_ENDED) {
      // Nobody is listening any more: whatever turn a late segment belongs to, it is useless.
      endedCalls.put(callSid, Boolean.TRUE);
    }
  }

  boolean isCancelled(String callSid, int turn) {
    return endedCalls.getIfPresent(callSid) != null || turns.getIfPresent(turnKey(callSid, turn)) != null;
  }

  private static String turnKey(String callSid, int turn) {
    return callSid + '#' + turn;
  }
}
