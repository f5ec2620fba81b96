package com.voiceagent.gateway.twilio;

/** Ends a phone call from our side. Blocking: call it off the socket and consumer threads. */
public interface CallTerminator {
  /** Ends the call; throws when that was not possible (the caller then closes the media stream). */
  void complete(String callSid) throws Exception;
}
