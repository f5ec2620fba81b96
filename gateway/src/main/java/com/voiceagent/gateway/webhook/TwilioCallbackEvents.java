package com.voiceagent.gateway.webhook;

import java.util.Map;

/**
 * Where the voice webhooks hand Twilio's callbacks (call status, recordings, stream status): the Kafka
 * adapter turns each into a CallLifecycle event on call.lifecycle. Never blocks a webhook's answer: the
 * event waits in a bounded buffer until the broker takes it.
 */
public interface TwilioCallbackEvents {

  /** What became of a callback handed over. */
  enum Handoff {
    /** Kept: it reaches Kafka once the broker takes it (while this instance runs). */
    KEPT,
    /** Not kept: the buffer of callbacks waiting for the broker is full. */
    REFUSED
  }

  /**
   * @param callback which webhook it came from (call-status, recording, stream-status)
   * @param form every parameter Twilio sent
   * @param withCallStatus the form's CallStatus and SequenceNumber describe the call (call-status only)
   */
  Handoff publish(String callback, Map<String, String> form, boolean withCallStatus);

  /** Twilio's SequenceNumber, or null when it is missing or not a number. */
  static Integer sequenceNumber(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(raw.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
