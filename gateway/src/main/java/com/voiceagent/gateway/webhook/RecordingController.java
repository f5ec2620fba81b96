package com.voiceagent.gateway.webhook;

import com.voiceagent.gateway.twilio.PeerText;
import com.voiceagent.gateway.twilio.TwilioSid;
import com.voiceagent.platform.CallContext;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A voicemail recording is ready (POST /webhook/handle_recording): its details are kept with the call's
 * state and published on call.lifecycle (callback=recording) so nothing about the message is lost.
 */
@RestController
class RecordingController {
  private static final Logger log = LoggerFactory.getLogger(RecordingController.class);

  private final CallStatusStore store;
  private final TwilioCallbackEvents callbacks;
  private final Clock clock;

  RecordingController(CallStatusStore store, TwilioCallbackEvents callbacks, Clock clock) {
    this.store = store;
    this.callbacks = callbacks;
    this.clock = clock;
  }

  @PostMapping("/webhook/handle_recording")
  ResponseEntity<String> handleRecording(@RequestParam Map<String, String> form) {
    String callSid = form.get("CallSid");
    String recordingSid = form.get("RecordingSid");
    String recordingUrl = form.get("RecordingUrl");
    if (callSid == null || callSid.isBlank()
        || ((recordingSid == null || recordingSid.isBlank()) && (recordingUrl == null || recordingUrl.isBlank()))) {
      log.warn("handle_recording without CallSid or RecordingSid/RecordingUrl: answering 400");
      return CallbackAnswer.badRequest("CallSid and RecordingSid or RecordingUrl are required");
    }
    Optional<String> malformed = TwilioSid.problemIn(form, TwilioSid.CALL);
    if (malformed.isPresent()) {
      log.warn("handle_recording refused with 400: {}", malformed.get());
      return CallbackAnswer.badRequest(malformed.get());
    }
    try (var ctx = CallContext.open(callSid)) {
      store.addRecording(callSid, new CallState.Recording(recordingSid, recordingUrl, form.get("RecordingDuration"),
          form.get("RecordingStatus"), clock.instant()), clock.instant());
      log.info("recording {} ({} s) kept", recordingSid, PeerText.printable(form.get("RecordingDuration")));
      return CallbackAnswer.of(callbacks.publish("recording", form, false));
    }
  }
}
