package com.voiceagent.gateway.call;

import com.voiceagent.gateway.token.StreamEnd;
import com.voiceagent.platform.control.TurnCancellation;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a call reports to the rest of the system (the Kafka adapter publishes it, with this gateway's
 * reply address). Never blocks the caller's socket.
 */
public interface CallEvents {

  /**
   * @param parameters the stream's custom parameters, for analysis; never the stream token (a credential)
   * @param resumedAfter why the call's previous stream ended; null for its first stream
   * @param lastTurn the call's last turn before this stream
   */
  void streamStarted(String callSid, String streamSid, Map<String, String> parameters, @Nullable StreamEnd resumedAfter,
      int lastTurn);

  /** @param reason whether the call goes on on another stream (DRAINED, LOST) or not (STOPPED) */
  void streamStopped(String callSid, String streamSid, int lastTurn, StreamEnd reason);

  void utterance(CallerUtterance utterance);

  void turnCancelled(TurnCancellation cancellation);

  void turnPlayed(TurnPlayed played);

  /** No reply audio came in time and the gateway said its holding phrase (a fallback of the gateway's own). */
  default void holdingPhraseSaid(String callSid, int turn) {}

  /** The W3C trace id of the turn while it is open, for the gateway's log lines about it; null where none. */
  default @Nullable String traceIdOf(String callSid, int turn) {
    return null;
  }

  /** The call was re-pointed to dial a person (TRANSFER_NUMBER) after {@code turn}: its media stream stops next. */
  default void transferred(String callSid, String streamSid, int turn) {}
}
