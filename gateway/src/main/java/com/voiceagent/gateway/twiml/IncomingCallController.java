package com.voiceagent.gateway.twiml;

import com.voiceagent.gateway.GatewayProperties;
import com.voiceagent.gateway.token.StreamTokens;
import com.voiceagent.platform.CallContext;
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
 * No Say, no Gather: everything the caller hears is streamed by us.
 */
@RestController
class IncomingCallController {
  static final String MEDIA_PATH = "/ws/twilio-media";
  static final String STREAM_STATUS_PATH = "/webhook/stream_status";
  private static final Logger log = LoggerFactory.getLogger(IncomingCallController.class);

  private final GatewayProperties properties;
  private final StreamTokens tokens;

  IncomingCallController(GatewayProperties properties, StreamTokens tokens) {
    this.properties = properties;
    this.tokens = tokens;
  }

  @PostMapping(path = "/webhook/incoming_call", produces = MediaType.TEXT_XML_VALUE)
  ResponseEntity<String> incomingCall(@RequestParam(name = "CallSid", required = false) String callSid) {
    if (callSid == null || callSid.isBlank()) {
      log.warn("incoming_call without CallSid: answering 400");
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("CallSid is required");
    }
    try (var ctx = CallContext.open(callSid)) {
      log.info("incoming call: connecting media stream to wss://{}{}", properties.publicHost(), MEDIA_PATH);
      return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(twiml(callSid));
    }
  }

  String twiml(String callSid) {
    String host = xml(properties.publicHost());
    String statusCallback = properties.streamStatusCallback()
        ? " statusCallback=\"https://" + host + STREAM_STATUS_PATH + "\""
        : "";
    return "<Response><Connect><Stream url=\"wss://" + host + MEDIA_PATH + "\"" + statusCallback + ">"
        + "<Parameter name=\"token\" value=\"" + xml(tokens.tokenFor(callSid)) + "\"/>"
        + "</Stream></Connect></Response>";
  }

  private static String xml(String value) {
    return HtmlUtils.htmlEscape(value);
  }
}
