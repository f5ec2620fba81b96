package com.voiceagent.gateway.call;

import com.voiceagent.platform.control.TurnCancellation;
import java.util.Map;

/**
 * What a call reports to the rest of the system (the Kafka adapter publishes it, with this gateway's
 * reply address). Never blocks the caller's socket.
 */
public interface CallEvents {

  /** {@code parameters}: the stream's custom parameters, for analysis; never the stream token (a credential). */
  void streamStarted(String callSid, String streamSid, Map<String, String> parameters);

  void streamStopped(String callSid, String streamSid, int lastTurn);

  void utterance(CallerUtterance utterance);

  void turnCancelled(TurnCancellation cancellation);

  void turnPlayed(TurnPlayed played);
}
