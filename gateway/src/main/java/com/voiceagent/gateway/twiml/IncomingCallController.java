package com.voiceagent.gateway.twiml;

import com.voiceagent.edge.signature.PublicUrls;
import com.voiceagent.gateway.twilio.TwilioSid;
import com.voiceagent.platform.CallContext;
import jakarta.servlet.http.HttpServletRequest;
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
 * Answers Twilio's incoming-call webhook with TwiML that connects the call to our media-stream socket.
 * No Say, no Gather: everything the caller hears is streamed by us. The socket's address is the public
 * base the webhook's signature was checked against (PUBLIC_BASE_URL / PUBLIC_HOST when configured).
 */
@RestController
class IncomingCallController {
  private static final Logger log = LoggerFactory.getLogger(IncomingCallController.class);

  private final StreamTwiml twiml;
  private final PublicUrls publicUrls;

  IncomingCallController(StreamTwiml twiml, PublicUrls publicUrls) {
    this.twiml = twiml;
    this.publicUrls = publicUrls;
  }

  @PostMapping(path = "/webhook/incoming_call", produces = MediaType.TEXT_XML_VALUE)
  ResponseEntity<String> incomingCall(@RequestParam Map<String, String> form, HttpServletRequest request) {
    // The token binds the stream to the call and its account: both must be Twilio's ids.
    Optional<String> problem = TwilioSid.problemIn(form, TwilioSid.CALL, TwilioSid.ACCOUNT);
    if (problem.isPresent()) {
      log.warn("incoming_call refused with 400: {}", problem.get());
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body(problem.get());
    }
    String callSid = form.get(TwilioSid.CALL.fieldName());
    try (var ctx = CallContext.open(callSid)) {
      String base = publicUrls.baseUrl(request);
      log.info("incoming call: connecting media stream to {}{}", StreamTwiml.webSocketBase(base), StreamTwiml.MEDIA_PATH);
      return ResponseEntity.ok().contentType(MediaType.TEXT_XML)
          .body(twiml.connect(callSid, form.get(TwilioSid.ACCOUNT.fieldName()), base));
    }
  }
}
