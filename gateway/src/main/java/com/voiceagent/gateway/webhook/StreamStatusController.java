package com.voiceagent.gateway.webhook;

import com.voiceagent.edge.signature.PublicUrls;
import com.voiceagent.gateway.twilio.PeerText;
import com.voiceagent.gateway.twiml.StoppedStreams;
import com.voiceagent.gateway.twilio.TwilioSid;
import com.voiceagent.platform.CallContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The &lt;Stream statusCallback&gt; (POST /webhook/stream_status): stream-started, stream-stopped,
 * stream-error as Twilio saw them, published on call.lifecycle (callback=stream-status). A stream-error is
 * logged as a warning: it is Twilio telling us why the caller may hear nothing. A stream that stopped while
 * its call goes on is watched by {@link StoppedStreams}, which brings the call back if Twilio does not.
 */
@RestController
class StreamStatusController {
  private static final Logger log = LoggerFactory.getLogger(StreamStatusController.class);

  private final TwilioCallbackEvents callbacks;
  private final StoppedStreams stoppedStreams;
  private final PublicUrls publicUrls;

  StreamStatusController(TwilioCallbackEvents callbacks, StoppedStreams stoppedStreams, PublicUrls publicUrls) {
    this.callbacks = callbacks;
    this.stoppedStreams = stoppedStreams;
    this.publicUrls = publicUrls;
  }

  @PostMapping("/webhook/stream_status")
  ResponseEntity<String> streamStatus(@RequestParam Map<String, String> form, HttpServletRequest request) {
    String callSid = form.get("CallSid");
    if (callSid == null || callSid.isBlank()) {
      log.warn("stream_status without CallSid: answering 400");
      return CallbackAnswer.badRequest("CallSid is required");
    }
    Optional<String> malformed = TwilioSid.problemIn(form, TwilioSid.CALL);
    if (malformed.isPresent()) {
      log.warn("stream_status refused with 400: {}", malformed.get());
      return CallbackAnswer.badRequest(malformed.get());
    }
    try (var ctx = CallContext.open(callSid)) {
      String event = form.get("StreamEvent");
      if ("stream-error".equals(event)) {
        log.warn("Twilio reports stream-error on {}: {}", form.get("StreamSid"), PeerText.printable(form.get("StreamError")));
      } else {
        log.info("Twilio reports {} on {}", PeerText.printable(event), form.get("StreamSid"));
      }
      String streamSid = form.get("StreamSid");
      if (("stream-stopped".equals(event) || "stream-error".equals(event)) && TwilioSid.STREAM.matches(streamSid)
          && TwilioSid.ACCOUNT.matches(form.get("AccountSid"))) {
        stoppedStreams.stopped(callSid, form.get("AccountSid"), streamSid, publicUrls.baseUrl(request));
      }
      return CallbackAnswer.of(callbacks.publish("stream-status", form, false));
    }
  }
}
