package com.voiceagent.whatsapp.inbound;

import com.voiceagent.events.WhatsAppInbound;
import com.voiceagent.platform.CallContext;
import com.voiceagent.platform.InstanceIdentity;
import com.voiceagent.whatsapp.metrics.WhatsAppMetrics;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's inbound WhatsApp webhook (signature checked by edge's filter before it gets here). Answers
 * with an empty TwiML document only after the message is durable; we never reply inline, the dialog
 * brain's answer goes out through the REST API.
 */
@RestController
class InboundWebhookController {
  static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
  private static final Logger log = LoggerFactory.getLogger(InboundWebhookController.class);

  private final InboundRecorder recorder;
  private final Clock clock;
  private final InstanceIdentity identity;
  private final WhatsAppMetrics metrics;

  InboundWebhookController(InboundRecorder recorder, Clock clock, InstanceIdentity identity, WhatsAppMetrics metrics) {
    this.metrics = metrics;
    this.recorder = recorder;
    this.clock = clock;
    this.identity = identity;
  }

  @PostMapping(path = "/webhook/whatsapp/incoming", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ResponseEntity<String> incoming(HttpServletRequest request) {
    Map<String, String> params = TwilioParams.of(request);
    WhatsAppInbound message;
    try {
      message = InboundParser.parse(params, clock.instant(), identity.id());
    } catch (IllegalArgumentException e) {
      log.warn("inbound webhook rejected: {}", e.getMessage());
      metrics.inbound("rejected");
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body(e.getMessage());
    }
    try (var ignored = CallContext.open(message.getConversationId())) {
      try {
        recorder.record(message);
      } catch (DurablePublisher.NotRecordedException e) {
        log.error("inbound {} NOT recorded (database and Kafka unavailable), answering 503: {}", message.getMessageSid(), e.getMessage());
        metrics.inbound("not_recorded");
        return ResponseEntity.status(503).contentType(MediaType.TEXT_PLAIN).body("temporarily unable to record the message");
      }
      metrics.inbound("received");
      return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
    }
  }
}
