package com.voiceagent.gateway.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The stream claims of this gateway instance, in memory. Live streams are kept while they last (they are
 * bounded by the sockets this instance accepts); the newest token used per call only as long as a token
 * lives, since an older token has expired by then anyway; completed calls for {@code completedCallMemory},
 * so a captured webhook replayed later mints no stream for a call that is over. Both memories are bounded:
 * the least recently written entries go first.
 */
public final class InMemoryStreamClaims implements StreamClaims {
  // Guarded by this: a claim reads and writes all three at once.
  private final Map<String, StreamGrant> live = new HashMap<>();
  private final Cache<String, Instant> newestUsed;
  private final Cache<String, Boolean> completed;

  /**
   * @param tokenLifetime how long a token opens a stream after its issue
   * @param completedCallMemory how long a completed call is remembered
   * @param capacity calls remembered at most in each memory
   */
  public InMemoryStreamClaims(Duration tokenLifetime, Duration completedCallMemory, int capacity) {
    this.newestUsed = Caffeine.newBuilder().expireAfterWrite(tokenLifetime.plus(StreamTokens.CLOCK_SKEW))
        .maximumSize(capacity).build();
    this.completed = Caffeine.newBuilder().expireAfterWrite(completedCallMemory).maximumSize(capacity).build();
  }

  @Override
  public synchronized Claim claim(StreamGrant grant) {
    String callSid = grant.callSid();
    if (completed.getIfPresent(callSid) != null) {
      return Claim.CALL_COMPLETED;
    }
    if (live.containsKey(callSid)) {
      return Claim.STREAM_OPEN;
    }
    Instant newest = newestUsed.getIfPresent(callSid);
    if (newest != null && !grant.issuedAt().isAfter(newest)) {
      return Claim.TOKEN_USED;
    }
    live.put(callSid, grant);
    newestUsed.put(callSid, grant.issuedAt());
    return Claim.GRANTED;
  }

  @Override
  public synchronized void release(StreamGrant grant) {
    if (live.remove(grant.callSid(), grant)) {
      // Written again so it is remembered a whole token lifetime after the stream ended.
      newestUsed.put(grant.callSid(), grant.issuedAt());
    }
  }

  @Override
  public synchronized void callCompleted(String callSid) {
    completed.put(callSid, Boolean.TRUE);
  }
}
