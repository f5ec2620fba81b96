package com.voiceagent.gateway.webhook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The latest status per call, in memory and bounded. Twilio's status callbacks are separate HTTP requests
 * that can arrive out of order, so a status replaces the stored one only when its SequenceNumber is higher:
 * "completed" (seq 3) arriving before "ringing" (seq 1) stays "completed". The durable record is the
 * call.lifecycle Kafka topic; this store only answers "what is this call doing now" on this instance.
 */
final class CallStatusStore {
  private final int maxRecordingsPerCall;
  private final Map<String, CallState> calls;

  CallStatusStore(int maxCalls, int maxRecordingsPerCall) {
    if (maxCalls < 1) {
      throw new IllegalArgumentException("maxCalls must be at least 1, was " + maxCalls);
    }
    this.maxRecordingsPerCall = maxRecordingsPerCall;
    // Access order: the calls updated least recently are evicted first.
    this.calls = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, CallState> eldest) {
        return size() > maxCalls;
      }
    };
  }

  /**
   * Applies a status callback.
   *
   * @return true when it became the call's latest status, false when a later one was already known
   */
  synchronized boolean applyStatus(String callSid, String callStatus, int sequenceNumber, String callDuration,
      String twilioTimestamp, java.time.Instant now) {
    CallState current = calls.getOrDefault(callSid, CallState.empty(callSid, now));
    if (current.callStatus() != null && sequenceNumber <= current.sequenceNumber()) {
      calls.put(callSid, current); // still counts as activity for eviction
      return false;
    }
    calls.put(callSid, new CallState(callSid, callStatus, sequenceNumber, callDuration, twilioTimestamp, now, current.recordings()));
    return true;
  }

  synchronized void addRecording(String callSid, CallState.Recording recording, java.time.Instant now) {
    CallState current = calls.getOrDefault(callSid, CallState.empty(callSid, now));
    List<CallState.Recording> recordings = new ArrayList<>(current.recordings());
    recordings.removeIf(r -> r.recordingSid() != null && r.recordingSid().equals(recording.recordingSid()));
    recordings.add(recording);
    while (recordings.size() > maxRecordingsPerCall) {
      recordings.removeFirst();
    }
    calls.put(callSid, new CallState(callSid, current.callStatus(), current.sequenceNumber(), current.callDuration(),
        current.twilioTimestamp(), now, List.copyOf(recordings)));
  }

  synchronized Optional<CallState> find(String callSid) {
    return Optional.ofNullable(calls.get(callSid));
  }

  synchronized int size() {
    return calls.size();
  }
}
