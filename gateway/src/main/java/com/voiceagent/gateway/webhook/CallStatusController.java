package com.voiceagent.gateway.webhook;

import com.voiceagent.gateway.outbound.CallOutcome;
import com.voiceagent.gateway.outbound.OutboundCalls;
import com.voiceagent.gateway.token.StreamClaims;
import com.voiceagent.gateway.twilio.PeerText;
import com.voiceagent.gateway.twilio.TwilioSid;
import com.voiceagent.platform.CallContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Twilio's call status callback (POST /webhook/call_status) and the read-only view of the latest status. */
@RestController
class CallStatusController {
  /** Statuses after which the call is over: no media stream may open for it any more. */
  static final Set<String> FINAL_STATUSES = Set.of("completed", "busy", "failed", "no-answer", "canceled");
  private static final Logger log = LoggerFactory.getLogger(CallStatusController.class);

  private final CallStatusStore store;
  private final TwilioCallbackEvents callbacks;
  private final StreamClaims claims;
  private final Clock clock;
  private final OutboundCalls outbound;

  CallStatusController(CallStatusStore store, TwilioCallbackEvents callbacks, StreamClaims claims, Clock clock,
      OutboundCalls outbound) {
    this.outbound = outbound;
    this.store = store;
    this.callbacks = callbacks;
    this.claims = claims;
    this.clock = clock;
  }

  @PostMapping("/webhook/call_status")
  ResponseEntity<String> callStatus(@RequestParam Map<String, String> form) {
    String callSid = form.get("CallSid");
    String callStatus = form.get("CallStatus");
    if (callSid == null || callSid.isBlank() || callStatus == null || callStatus.isBlank()) {
      log.warn("call_status without CallSid or CallStatus: answering 400");
      return CallbackAnswer.badRequest("CallSid and CallStatus are required");
    }
    Optional<String> malformed = TwilioSid.problemIn(form, TwilioSid.CALL);
    if (malformed.isPresent()) {
      log.warn("call_status refused with 400: {}", malformed.get());
      return CallbackAnswer.badRequest(malformed.get());
    }
    try (var ctx = CallContext.open(callSid)) {
      Integer sequence = TwilioCallbackEvents.sequenceNumber(form.get("SequenceNumber"));
      boolean latest = store.applyStatus(callSid, callStatus, sequence == null ? -1 : sequence, form.get("CallDuration"),
          form.get("Timestamp"), clock.instant());
      if (FINAL_STATUSES.contains(callStatus)) {
        claims.callCompleted(callSid);
      }
      log.info("call status {} (seq {}){}", PeerText.printable(callStatus), sequence,
          latest ? "" : ": older than the status already known, kept for the record only");
      // An outbound call's outcome (answered, busy, no-answer, failed) goes with its status onto call.lifecycle.
      Optional<CallOutcome> outcome = outbound.status(callSid, callStatus, form.get("Direction"), clock.instant());
      Map<String, String> event = form;
      if (outcome.isPresent()) {
        event = new LinkedHashMap<>(form);
        event.put(CallOutcome.ATTRIBUTE, outcome.get().wire());
      }
      return CallbackAnswer.of(callbacks.publish("call-status", event, true));
    }
  }

  @GetMapping(path = "/api/calls/{callSid}/status", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> status(@PathVariable String callSid) {
    if (!TwilioSid.CALL.matches(callSid)) {
      return ResponseEntity.badRequest().body(Map.of("error", TwilioSid.CALL.malformed()));
    }
    return store.find(callSid)
        .map(CallStatusController::view)
        .map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.status(404)
            .body(Map.of("error", "no status known for call " + callSid + " on this instance")));
  }

  private static Map<String, Object> view(CallState state) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("callSid", state.callSid());
    body.put("callStatus", state.callStatus());
    body.put("sequenceNumber", state.sequenceNumber() < 0 ? null : state.sequenceNumber());
    body.put("callDuration", state.callDuration());
    body.put("timestamp", state.twilioTimestamp());
    body.put("updatedAt", state.updatedAt().toString());
    body.put("recordings", state.recordings().stream().map(r -> {
      Map<String, Object> recording = new LinkedHashMap<>();
      recording.put("recordingSid", r.recordingSid());
      recording.put("recordingUrl", r.recordingUrl());
      recording.put("recordingDuration", r.recordingDuration());
      recording.put("recordingStatus", r.recordingStatus());
      return recording;
    }).toList());
    return body;
  }
}
