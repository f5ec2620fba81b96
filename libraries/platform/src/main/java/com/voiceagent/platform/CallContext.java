package com.voiceagent.platform;

import org.slf4j.MDC;

/**
 * Puts the call id (and turn) on every log line written while a call's work runs, as jigasi does: a
 * platform team greps one callSid and sees the whole call across services.
 */
public final class CallContext implements AutoCloseable {
  public static final String CALL_SID = "callSid";
  public static final String TURN = "turn";

  private final String previousCall;
  private final String previousTurn;

  private CallContext(String callSid, Integer turn) {
    this.previousCall = MDC.get(CALL_SID);
    this.previousTurn = MDC.get(TURN);
    put(CALL_SID, callSid);
    put(TURN, turn == null ? null : turn.toString());
  }

  public static CallContext open(String callSid, Integer turn) {
    return new CallContext(callSid, turn);
  }

  public static CallContext open(String callSid) {
    return new CallContext(callSid, null);
  }

  @Override
  public void close() {
    put(CALL_SID, previousCall);
    put(TURN, previousTurn);
  }

  private static void put(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
