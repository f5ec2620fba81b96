package com.voiceagent.dialog.voice;

import com.voiceagent.dialog.engine.CancellationToken;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The turns this instance answered, per call: the one still streaming can be stopped by a barge-in, and a
 * finished one can still have its history corrected to what the caller heard. Every instance reads every
 * cancel, and only the instance that answered the turn acts on it, so two instances never write
 * competing histories for one call.
 */
final class ActiveTurns {
  private record Answered(int turn, CancellationToken cancel) {}

  private final Map<String, Answered> byCall = new ConcurrentHashMap<>();

  CancellationToken begin(String callSid, int turn) {
    CancellationToken token = new CancellationToken();
    byCall.put(callSid, new Answered(turn, token));
    return token;
  }

  /** Whether this instance answered (or is answering) the call's {@code turn}. */
  boolean answered(String callSid, int turn) {
    Answered answered = byCall.get(callSid);
    return answered != null && answered.turn() == turn;
  }

  /** Cancels the call's turn if this instance is answering it. */
  void cancel(String callSid, int turn, String why) {
    Answered answered = byCall.get(callSid);
    if (answered != null && answered.turn() == turn) {
      answered.cancel().cancel(why);
    }
  }

  /** The call ended: stop whatever it is answering and forget it. */
  void forget(String callSid, String why) {
    Answered answered = byCall.remove(callSid);
    if (answered != null) {
      answered.cancel().cancel(why);
    }
  }
}
