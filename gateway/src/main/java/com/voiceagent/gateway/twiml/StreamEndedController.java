package com.voiceagent.gateway.twiml;

import com.voiceagent.edge.signature.PublicUrls;
import com.voiceagent.gateway.token.StreamClaims;
import com.voiceagent.gateway.twilio.TwilioSid;
import com.voiceagent.platform.CallContext;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
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
 * Twilio followed the TwiML's Redirect: the call's stream closed while the call goes on (its gateway died,
 * or drained at a turn boundary). The answer puts the call on a new stream with a new token, on whichever
 * gateway the load balancer picks; the conversation continues there. A Redirect about a stream that is not
 * the call's latest (a replay), of a call that is over or whose stream was stopped on purpose, or past the
 * resume limit, is answered with a hang-up.
 */
@RestController
class StreamEndedController {
  private static final Logger log = LoggerFactory.getLogger(StreamEndedController.class);

  private final StreamTwiml twiml;
  private final StreamClaims claims;
  private final PublicUrls publicUrls;

  StreamEndedController(StreamTwiml twiml, StreamClaims claims, PublicUrls publicUrls) {
    this.twiml = twiml;
    this.claims = claims;
    this.publicUrls = publicUrls;
  }

  @PostMapping(path = StreamTwiml.STREAM_ENDED_PATH, produces = MediaType.TEXT_XML_VALUE)
  ResponseEntity<String> streamEnded(@RequestParam Map<String, String> form, HttpServletRequest request) {
    Optional<String> problem = TwilioSid.problemIn(form, TwilioSid.CALL, TwilioSid.ACCOUNT);
    if (problem.isPresent()) {
      log.warn("stream_ended refused with 400: {}", problem.get());
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body(problem.get());
    }
    Instant previousToken;
    try {
      previousToken = Instant.ofEpochMilli(Long.parseLong(form.getOrDefault(StreamTwiml.PREVIOUS_TOKEN, "")));
    } catch (NumberFormatException e) {
      log.warn("stream_ended refused with 400: no '{}' naming the stream it follows", StreamTwiml.PREVIOUS_TOKEN);
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN)
          .body(StreamTwiml.PREVIOUS_TOKEN + " must be the epoch milliseconds of the previous stream's token");
    }
    String callSid = form.get(TwilioSid.CALL.fieldName());
    try (var ctx = CallContext.open(callSid)) {
      return switch (claims.resume(callSid, previousToken)) {
        case StreamClaims.Resume.Allowed allowed -> {
          String base = publicUrls.baseUrl(request);
          log.info("the call's stream ended while the call goes on: connecting it to a new stream");
          yield ResponseEntity.ok().contentType(MediaType.TEXT_XML)
              .body(twiml.connect(callSid, form.get(TwilioSid.ACCOUNT.fieldName()), base));
        }
        case StreamClaims.Resume.Refused refused -> {
          log.info("the call's stream ended and the call does not resume ({}): hanging up", refused.reason());
          yield ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(StreamTwiml.hangUp());
        }
      };
    }
  }
}
