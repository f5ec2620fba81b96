package com.voiceagent.gateway.twiml;

import com.voiceagent.edge.signature.PublicUrls;
import com.voiceagent.gateway.call.CallSession;
import com.voiceagent.gateway.twilio.TwilioSid;
import com.voiceagent.gateway.webhook.TwilioCallbackEvents;
import com.voiceagent.platform.CallContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The transfer's {@code <Dial action>}: Twilio asks what next once the dial to the person ended. A call the person
 * answered is over when they hang up; one nobody took (no-answer, busy, failed) comes back to the agent on a new
 * media stream whose start says so ({@code after=transfer-unanswered}): the gateway then tells the caller, and
 * the conversation goes on. The outcome goes on call.lifecycle with the call's other callbacks (the call record shows
 * it). Signed like every webhook (edge's filter, /webhook/**).
 */
@RestController
class TransferEndedController {
  private static final Set<String> ANSWERED = Set.of("completed", "answered");
  private static final Logger log = LoggerFactory.getLogger(TransferEndedController.class);

  private final StreamTwiml twiml;
  private final PublicUrls publicUrls;
  private final TwilioCallbackEvents callbacks;

  TransferEndedController(StreamTwiml twiml, PublicUrls publicUrls, TwilioCallbackEvents callbacks) {
    this.twiml = twiml;
    this.publicUrls = publicUrls;
    this.callbacks = callbacks;
  }

  @PostMapping(path = TransferTwiml.TRANSFER_ENDED_PATH, produces = MediaType.TEXT_XML_VALUE)
  ResponseEntity<String> transferEnded(@RequestParam Map<String, String> form, HttpServletRequest request) {
    Optional<String> problem = TwilioSid.problemIn(form, TwilioSid.CALL, TwilioSid.ACCOUNT);
    if (problem.isPresent()) {
      log.warn("transfer_ended refused with 400: {}", problem.get());
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body(problem.get());
    }
    String callSid = form.get(TwilioSid.CALL.fieldName());
    try (var ctx = CallContext.open(callSid)) {
      String status = form.getOrDefault("DialCallStatus", "");
      if (callbacks.publish("transfer-ended", form, false) == TwilioCallbackEvents.Handoff.REFUSED) {
        log.warn("transfer outcome {} not recorded: too many callbacks wait for the broker", status);
      }
      if (ANSWERED.contains(status)) {
        log.info("transfer ended ({}): the person took the call, which ends with it", status);
        return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(StreamTwiml.hangUp());
      }
      log.info("transfer not taken ({}): the call comes back to the agent on a new stream", status.isEmpty() ? "no status" : status);
      return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(twiml.connect(callSid, form.get(TwilioSid.ACCOUNT.fieldName()),
          publicUrls.baseUrl(request), Map.of(CallSession.AFTER_PARAMETER, CallSession.AFTER_UNANSWERED_TRANSFER)));
    }
  }
}
