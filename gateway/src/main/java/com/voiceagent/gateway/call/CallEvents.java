package com.voiceagent.gateway.call;

import com.voiceagent.events.CancelReason;
import com.voiceagent.events.TurnCompleted;
import com.voiceagent.events.Utterance;
import java.util.Map;

/** What a call reports to the rest of the system; {@link KafkaCallEvents} publishes it. Never blocks. */
interface CallEvents {
  String instanceId();

  /** {@code parameters}: the stream's custom parameters, for analysis; never the stream token (a credential). */
  void streamStarted(String callSid, String streamSid, String replyTo, Map<String, String> parameters);

  void streamStopped(String callSid, String streamSid, String replyTo, int lastTurn);

  void utterance(Utterance utterance);

  void turnCancelled(String callSid, Playback.Cut cut, CancelReason reason);

  void turnCompleted(TurnCompleted completed);
}
