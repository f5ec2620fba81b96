package com.voiceagent.gateway.webhook;

import java.time.Instant;
import java.util.List;

/**
 * The latest known state of one call, as far as Twilio's callbacks told this instance. From/To are kept
 * for the Kafka event but not shown by the read API (phone numbers are personal data).
 *
 * @param sequenceNumber Twilio's SequenceNumber of the callback that set callStatus; -1 when none yet
 */
record CallState(String callSid, String callStatus, int sequenceNumber, String callDuration, String twilioTimestamp,
                 Instant updatedAt, List<Recording> recordings) {

  record Recording(String recordingSid, String recordingUrl, String recordingDuration, String recordingStatus, Instant receivedAt) {}

  static CallState empty(String callSid, Instant now) {
    return new CallState(callSid, null, -1, null, null, now, List.of());
  }
}
