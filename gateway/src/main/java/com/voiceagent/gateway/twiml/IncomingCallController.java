package com.voiceagent.gateway.twiml;

import com.voiceagent.edge.signature.PublicUrls;
import com.voiceagent.gateway.GatewayProperties;
import com.voiceagent.gateway.token.StreamTokens;
import com.voiceagent.gateway.twilio.TwilioSid;
import com.voiceagent.platform.CallContext;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * Answers Twilio's incoming-call webhook with TwiML that connects the call to our media-stream socket.
 * No Say, no Gather: everything the caller hears is streamed by us. The socket's address is the public
 * base the webhook's signature was checked against (PUBLIC_BASE_URL / PUBLIC_HOST when configured).
 * Every answer carries a new stream token for this call and account, so a signed {@code <Redirect>} back
 * here reconnects a call whose stream broke, with a token newer than the one it used.
 */
@RestController
class IncomingCallController {
  static final String MEDIA_PATH = "/ws/twilio-media";
  static final String STREAM_STATUS_PATH = "/webhook/stream_status";
  private static final Logger log = LoggerFactory.getLogger(IncomingCallController.class);

  private final GatewayProperties properties;
  private final StreamTokens tokens;
  private final PublicUrls publicUrls;
  private final Clock clock;

  IncomingCallController(GatewayProperties properties, StreamTokens tokens, PublicUrls publicUrls, Clock clock) {
    this.properties = properties;
    this.tokens = tokens;
    this.publicUrls = publicUrls;
    this.clock = clock;
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
      log.info("incoming call: connecting media stream to {}{}", webSocketBase(base), MEDIA_PATH);
      String token = tokens.issue(callSid, form.get(TwilioSid.ACCOUNT.fieldName()), clock.instant());
      return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(twiml(token, base));
    }
  }

  /** @param base scheme://host[:port] Twilio called, https:// in production */
  String twiml(String token, String base) {
    String statusCallback = properties.streamStatusCallback()
        ? " statusCallback=\"" + xml(base + STREAM_STATUS_PATH) + "\""
        : "";
    return "<Response><Connect><Stream url=\"" + xml(webSocketBase(base) + MEDIA_PATH) + "\"" + statusCallback + ">"
        + "<Parameter name=\"token\" value=\"" + xml(token) + "\"/>"
        + "</Stream></Connect></Response>";
  }

  /** https -> wss; a plain-http base (a local tunnel) gives ws. */
  private static String webSocketBase(String base) {
    String host = base.substring(base.indexOf("://") + 3);
    return base.regionMatches(true, 0, "http://", 0, 7) ? "ws://" + host : "wss://" + host;
  }

  private static String xml(String value) {
    return HtmlUtils.htmlEscape(value);
  }
}
