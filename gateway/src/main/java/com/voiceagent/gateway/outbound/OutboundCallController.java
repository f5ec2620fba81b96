package com.voiceagent.gateway.outbound;

import com.voiceagent.edge.api.ApiClient;
import com.voiceagent.edge.signature.PublicUrls;
import com.voiceagent.gateway.twilio.CallPlacer;
import com.voiceagent.gateway.twilio.TwilioSid;
import com.voiceagent.gateway.webhook.TwilioCallbackEvents;
import com.voiceagent.platform.CallContext;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * POST /api/calls places an outbound call; GET /api/calls/{callSid} tells its outcome. Both need CALLS_API_TOKEN
 * (the edge filter authenticates, then this checks the client is the calls client); the edge's per-client rate
 * limit applies to POST /api/calls. Everything is checked before Twilio is asked for anything.
 */
@RestController
class OutboundCallController {
  static final String ANSWER_PATH = "/webhook/outbound_answer";
  static final String AMD_PATH = "/webhook/outbound_amd";
  /** The status callbacks go to the gateway's one status webhook, which also records outbound outcomes. */
  static final String STATUS_PATH = "/webhook/call_status";
  /** The query parameter carrying the context on the answer and AMD webhooks (signed by Twilio with the URL). */
  static final String CONTEXT = "context";
  private static final Logger log = LoggerFactory.getLogger(OutboundCallController.class);

  private final CallsProperties properties;
  private final CallsAccess access;
  private final CallPlacer placer;
  private final OutboundCalls calls;
  private final PublicUrls publicUrls;
  private final TwilioCallbackEvents callbacks;
  private final Clock clock;

  OutboundCallController(CallsProperties properties, CallsAccess access, CallPlacer placer, OutboundCalls calls,
      PublicUrls publicUrls, TwilioCallbackEvents callbacks, Clock clock) {
    this.properties = properties;
    this.access = access;
    this.placer = placer;
    this.calls = calls;
    this.publicUrls = publicUrls;
    this.callbacks = callbacks;
    this.clock = clock;
  }

  @PostMapping(path = "/api/calls", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> place(@RequestBody(required = false) OutboundCallRequest body, HttpServletRequest request) {
    Optional<ResponseEntity<Map<String, Object>>> refused = refusal(request);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (body == null) {
      return error(400, "invalid_request", "a JSON body {\"to\": \"+9725...\", \"context\": \"...\"} is required");
    }
    Optional<String> problem = body.problem(properties.maxContextChars());
    if (problem.isPresent()) {
      return error(400, "invalid_request", problem.get());
    }
    if (properties.from().isEmpty()) {
      return error(503, "calls_disabled", "outbound calls need TWILIO_PHONE_NUMBER (the caller id) on the gateway");
    }
    String base = publicUrls.configuredBase();
    if (base == null) {
      return error(503, "calls_disabled", "outbound calls need PUBLIC_BASE_URL or PUBLIC_HOST: Twilio must reach the webhooks");
    }
    String context = body.context().strip();
    String query = "?" + CONTEXT + "=" + URLEncoder.encode(context, StandardCharsets.UTF_8);
    CallPlacer.Placement placement = new CallPlacer.Placement(body.to(), properties.from(), URI.create(base + ANSWER_PATH + query),
        URI.create(base + STATUS_PATH), URI.create(base + AMD_PATH + query));
    String callSid;
    try {
      callSid = placer.place(placement);
    } catch (Exception e) {
      log.warn("placing an outbound call failed: {}", e.toString());
      return error(502, "twilio_failed", "Twilio did not place the call: " + e.getMessage());
    }
    try (var ctx = CallContext.open(callSid)) {
      calls.placed(callSid, clock.instant());
      Map<String, String> event = new LinkedHashMap<>();
      event.put("CallSid", callSid);
      event.put("Direction", "outbound-api");
      event.put(OutboundWebhooksController.OUTCOME, CallOutcome.PLACED.wire());
      callbacks.publish("outbound-placed", event, false);
      log.info("outbound call placed for {}", ApiClient.of(request).id());
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("callSid", callSid);
    answer.put("outcome", CallOutcome.PLACED.wire());
    return ResponseEntity.status(201).body(answer);
  }

  @GetMapping(path = "/api/calls/{callSid}", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> outcome(@PathVariable String callSid, HttpServletRequest request) {
    Optional<ResponseEntity<Map<String, Object>>> refused = refusal(request);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (!TwilioSid.CALL.matches(callSid)) {
      return error(400, "invalid_request", TwilioSid.CALL.malformed());
    }
    return calls.find(callSid).map(OutboundCallController::view).map(ResponseEntity::ok)
        .orElseGet(() -> error(404, "not_found", "no outbound call " + callSid + " known on this instance"));
  }

  private Optional<ResponseEntity<Map<String, Object>>> refusal(HttpServletRequest request) {
    if (!access.enabled()) {
      return Optional.of(error(503, "calls_disabled", "outbound calls are disabled: CALLS_API_TOKEN is not set"));
    }
    if (!access.allows(ApiClient.of(request))) {
      log.warn("refused {} {}: not the calls client", request.getMethod(), request.getRequestURI());
      return Optional.of(error(403, "forbidden", "this endpoint needs the calls token (CALLS_API_TOKEN)"));
    }
    return Optional.empty();
  }

  private static Map<String, Object> view(OutboundCalls.Tracked call) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("callSid", call.callSid());
    body.put("outcome", call.outcome().wire());
    body.put("callStatus", call.callStatus());
    body.put("answeredBy", call.answeredBy());
    body.put("placedAt", call.placedAt() == null ? null : call.placedAt().toString());
    body.put("updatedAt", call.updatedAt().toString());
    return body;
  }

  private static ResponseEntity<Map<String, Object>> error(int status, String error, String message) {
    return ResponseEntity.status(status).body(Map.of("error", error, "message", message));
  }
}
