package com.voiceagent.gateway.twilio;

import java.net.URI;

/** Places outbound phone calls (Twilio's REST API). Blocking: an HTTP request to Twilio. */
public interface CallPlacer {
  /**
   * What Twilio is asked to do for one outbound call.
   *
   * @param answerUrl the webhook whose TwiML Twilio runs once the callee picks up (it connects our media stream)
   * @param statusUrl the call's status callbacks (initiated, ringing, answered, completed; busy, no-answer, failed)
   * @param amdUrl Twilio's asynchronous answering machine detection result (AnsweredBy)
   */
  record Placement(String to, String from, URI answerUrl, URI statusUrl, URI amdUrl) {}

  /** Places the call; returns its CallSid. Throws when Twilio refused it or could not be reached. */
  String place(Placement placement) throws Exception;
}
