package com.voiceagent.gateway.outbound;

import com.voiceagent.edge.signature.PublicUrls;
import com.voiceagent.gateway.twilio.CallControl;
import com.voiceagent.gateway.twilio.PeerText;
import com.voiceagent.gateway.twilio.TwilioSid;
import com.voiceagent.gateway.twiml.StreamTwiml;
import com.voiceagent.gateway.webhook.CallbackAnswer;
import com.voiceagent.gateway.webhook.TwilioCallbackEvents;
import com.voiceagent.platform.CallContext;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's side of an outbound call (both signed, like every /webhook/**): the answer webhook, whose TwiML puts the
 * answered call on our media stream with the context as a stream parameter (so the agent opens with it), and the
 * asynchronous answering machine detection callback, which on a machine replaces the call's TwiML with a short
 * voicemail and a hang-up. The context comes back in the URL we gave Twilio, which Twilio's signature covers.
 */
@RestController
class OutboundWebhooksController {
  /** The attribute of call.lifecycle events that carries an outbound call's outcome. */
  static final String OUTCOME = CallOutcome.ATTRIBUTE;
  private static final Logger log = LoggerFactory.getLogger(OutboundWebhooksController.class);

  private final StreamTwiml twiml;
  private final PublicUrls publicUrls;
  private final OutboundCalls calls;
  private final CallControl control;
  private final CallsProperties properties;
  private final TwilioCallbackEvents callbacks;
  private final Clock clock;

  OutboundWebhooksController(StreamTwiml twiml, PublicUrls publicUrls, OutboundCalls calls, CallControl control,
      CallsProperties properties, TwilioCallbackEvents callbacks, Clock clock) {
    this.twiml = twiml;
    this.publicUrls = publicUrls;
    this.calls = calls;
    this.control = control;
    this.properties = properties;
    this.callbacks = callbacks;
    this.clock = clock;
  }

  @PostMapping(path = OutboundCallController.ANSWER_PATH, produces = MediaType.TEXT_XML_VALUE)
  ResponseEntity<String> answered(@RequestParam Map<String, String> form, HttpServletRequest request) {
    Optional<String> problem = TwilioSid.problemIn(form, TwilioSid.CALL, TwilioSid.ACCOUNT);
    if (problem.isPresent()) {
      log.warn("outbound_answer refused with 400: {}", problem.get());
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body(problem.get());
    }
    String callSid = form.get(TwilioSid.CALL.fieldName());
    try (var ctx = CallContext.open(callSid)) {
      String context = form.getOrDefault(OutboundCallController.CONTEXT, "");
      log.info("outbound call answered: connecting its media stream (context of {} characters)", context.length());
      Map<String, String> parameters = context.isBlank() ? Map.of() : Map.of(StreamTwiml.CONTEXT_PARAMETER, context);
      return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(twiml.connect(callSid,
          form.get(TwilioSid.ACCOUNT.fieldName()), publicUrls.baseUrl(request), parameters));
    }
  }

  @PostMapping(OutboundCallController.AMD_PATH)
  ResponseEntity<String> detected(@RequestParam Map<String, String> form) {
    Optional<String> problem = TwilioSid.problemIn(form, TwilioSid.CALL);
    String answeredBy = form.get("AnsweredBy");
    if (problem.isPresent() || answeredBy == null || answeredBy.isBlank()) {
      String reason = problem.orElse("AnsweredBy is required");
      log.warn("outbound_amd refused with 400: {}", reason);
      return CallbackAnswer.badRequest(reason);
    }
    String callSid = form.get(TwilioSid.CALL.fieldName());
    try (var ctx = CallContext.open(callSid)) {
      CallOutcome outcome = calls.detected(callSid, answeredBy, clock.instant());
      log.info("answering machine detection: {} -> {}", PeerText.printable(answeredBy), outcome.wire());
      if (outcome == CallOutcome.MACHINE && CallOutcome.greetingEnded(answeredBy)) {
        leaveVoicemail(callSid, form.getOrDefault(OutboundCallController.CONTEXT, ""));
      }
      Map<String, String> event = new HashMap<>(form);
      event.remove(OutboundCallController.CONTEXT); // the business's words stay out of the topic's attributes
      event.put(OUTCOME, outcome.wire());
      return CallbackAnswer.of(callbacks.publish("amd", event, false));
    }
  }

  /** After the beep: the call's TwiML becomes the voicemail then a hang-up (its media stream ends with it). */
  private void leaveVoicemail(String callSid, String context) {
    try {
      control.update(callSid, StreamTwiml.sayThenHangUp(properties.voicemailFor(context)));
      log.info("voicemail left after the beep; the call hangs up");
    } catch (Exception e) {
      log.warn("the voicemail could not be left ({}): hanging up", e.toString());
      try {
        control.complete(callSid);
      } catch (Exception again) {
        log.warn("hanging up failed too: {}", again.toString());
      }
    }
  }
}
