package com.voiceagent.gateway.twilio;

/** Controls a live phone call from our side (Twilio's REST API). Blocking: call it off the socket and consumer threads. */
public interface CallControl {
  /** Ends the call; throws when that was not possible (the caller then closes the media stream). */
  void complete(String callSid) throws Exception;

  /** Replaces whatever TwiML the call runs with {@code twiml} (re-points it); throws when that was not possible. */
  void update(String callSid, String twiml) throws Exception;
}
