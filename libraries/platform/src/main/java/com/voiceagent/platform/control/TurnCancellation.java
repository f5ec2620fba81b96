package com.voiceagent.platform.control;

import java.util.Objects;

/**
 * The gateway took a turn back: the caller barged in on the agent, hung up, or went on speaking after a
 * pause that had started the turn early. Carries what the caller heard of it.
 */
public record TurnCancellation(String callSid, int turn, Cause cause, int heardSegments, String heardText) {

  public enum Cause {
    /** The caller spoke over the agent: the reply stops where the caller stopped listening. */
    BARGE_IN,
    /** The call ended: nothing of it will be heard any more. */
    CALL_ENDED,
    /** The caller went on speaking after the pause that started the turn: the turn never happened. */
    CALLER_CONTINUED
  }

  public TurnCancellation {
    Objects.requireNonNull(callSid, "callSid");
    Objects.requireNonNull(cause, "cause");
    heardText = heardText == null ? "" : heardText;
  }
}
