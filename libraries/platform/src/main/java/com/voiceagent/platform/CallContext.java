package com.voiceagent.platform;

import org.slf4j.MDC;

/**
 * Puts the call id (and turn) on every log line written while a call's work runs, as jigasi does: a
 * platform team greps one callSid and sees the whole call across services. Where the turn's trace is known
 * outside a traced span (the gateway's socket and timer threads), its id goes on the line too, under the key
 * Micrometer Tracing uses inside spans.
 */
public final class CallContext implements AutoCloseable {
  public static final String CALL_SID = "callSid";
  public static final String TURN = "turn";
  public static final String TRACE_ID = "traceId";

  private final String previousCall;
  private final String previousTurn;
  private final boolean traced;
  private final String previousTrace;

  private CallContext(String callSid, Integer turn, String traceId) {
    this.previousCall = MDC.get(CALL_SID);
    this.previousTurn = MDC.get(TURN);
    this.traced = traceId != null;
    this.previousTrace = traced ? MDC.get(TRACE_ID) : null;
    put(CALL_SID, callSid);
    put(TURN, turn == null ? null : turn.toString());
    if (traced) {
      put(TRACE_ID, traceId);
    }
  }

  /** @param traceId the turn's W3C trace id, or null to leave the line's trace as it is */
  public static CallContext open(String callSid, Integer turn, String traceId) {
    return new CallContext(callSid, turn, traceId);
  }

  public static CallContext open(String callSid, Integer turn) {
    return new CallContext(callSid, turn, null);
  }

  public static CallContext open(String callSid) {
    return new CallContext(callSid, null, null);
  }

  @Override
  public void close() {
    put(CALL_SID, previousCall);
    put(TURN, previousTurn);
    if (traced) {
      put(TRACE_ID, previousTrace);
    }
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
