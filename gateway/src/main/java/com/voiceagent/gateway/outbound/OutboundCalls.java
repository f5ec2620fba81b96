package com.voiceagent.gateway.outbound;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outcomes of outbound calls this instance placed or heard about, in memory and bounded. A status callback
 * may reach another instance than the one that placed the call: a callback of an outbound call ({@code Direction}
 * outbound-api) is tracked by whichever instance gets it. The durable record is call.lifecycle (attribute outcome).
 */
public final class OutboundCalls {
  /** One call's latest outcome. {@code answeredBy} is Twilio's AMD verdict, null until it came. */
  public record Tracked(String callSid, CallOutcome outcome, String callStatus, String answeredBy, Instant placedAt,
      Instant updatedAt) {}

  private final Map<String, Tracked> calls;

  public OutboundCalls(int maxCalls) {
    this.calls = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Tracked> eldest) {
        return size() > maxCalls;
      }
    };
  }

  synchronized void placed(String callSid, Instant now) {
    calls.putIfAbsent(callSid, new Tracked(callSid, CallOutcome.PLACED, "queued", null, now, now));
  }

  /**
   * A status callback of any call: tracked when it is an outbound one (placed here, or Direction outbound-api).
   *
   * @return the call's outcome after it; empty for a call that is not outbound
   */
  public synchronized Optional<CallOutcome> status(String callSid, String callStatus, String direction, Instant now) {
    Tracked current = calls.get(callSid);
    if (current == null) {
      if (direction == null || !direction.startsWith("outbound-api")) {
        return Optional.empty();
      }
      current = new Tracked(callSid, CallOutcome.PLACED, null, null, null, now);
    }
    Tracked next = new Tracked(callSid, current.outcome().afterStatus(callStatus), callStatus, current.answeredBy(),
        current.placedAt(), now);
    calls.put(callSid, next);
    return Optional.of(next.outcome());
  }

  /** The AMD verdict of an outbound call. */
  synchronized CallOutcome detected(String callSid, String answeredBy, Instant now) {
    Tracked current = calls.getOrDefault(callSid, new Tracked(callSid, CallOutcome.PLACED, null, null, null, now));
    Tracked next = new Tracked(callSid, current.outcome().afterDetection(answeredBy), current.callStatus(), answeredBy,
        current.placedAt(), now);
    calls.put(callSid, next);
    return next.outcome();
  }

  synchronized Optional<Tracked> find(String callSid) {
    return Optional.ofNullable(calls.get(callSid));
  }
}
