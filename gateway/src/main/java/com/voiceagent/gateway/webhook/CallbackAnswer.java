package com.voiceagent.gateway.webhook;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** How a callback webhook answers Twilio once its event was handed over (or not). */
public final class CallbackAnswer {
  /** Seconds a refused sender is asked to wait; the buffer drains as soon as the broker is back. */
  static final String RETRY_AFTER_SECONDS = "10";

  private CallbackAnswer() {}

  /**
   * Decision: a kept event is answered 204 at once, whether or not the broker is reachable: it is published
   * when the broker takes it, so Twilio never waits for Kafka (its limit is 15 s; the producer may block
   * 60 s). An event the full buffer could not keep is answered 503 at once: Twilio retries a 5xx only when
   * the webhook URL carries connection overrides ({@code #rc=..&rp=..}, see docs/security.md), and without
   * them the 503 at least appears in Twilio's debugger instead of the event vanishing unseen.
   */
  public static ResponseEntity<String> of(TwilioCallbackEvents.Handoff handoff) {
    if (handoff == TwilioCallbackEvents.Handoff.KEPT) {
      return ResponseEntity.noContent().build();
    }
    return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .contentType(MediaType.TEXT_PLAIN).body("callback not kept: too many callbacks wait for the message broker");
  }

  public static ResponseEntity<String> badRequest(String problem) {
    return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body(problem);
  }
}
