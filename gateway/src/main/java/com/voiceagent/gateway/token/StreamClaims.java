package com.voiceagent.gateway.token;

/**
 * Which calls have a stream now, which tokens were used, which calls are over: what turns a valid token
 * into a stream that may open. A token opens at most one stream, only while its call has no other, only
 * if no newer token of that call was used, and never for a call Twilio reported over.
 *
 * <p>{@link InMemoryStreamClaims} knows what this gateway instance saw. With several instances, a shared
 * implementation (a compacted topic keyed by CallSid, or a row per call in the database) replaces it as a
 * Spring bean of this type; it must make {@link #claim} atomic across instances and let the live claim of
 * an instance that died lapse (a lease the instance renews, as its heartbeat does), or a crashed instance's
 * calls could never reconnect.
 */
public interface StreamClaims {

  /** Why a claim was granted or refused; the reason is logged and sent as the close reason. */
  enum Claim {
    GRANTED("granted"),
    STREAM_OPEN("a stream for this call is already open"),
    TOKEN_USED("this stream token, or a newer one of the call, was already used"),
    CALL_COMPLETED("Twilio reported this call completed");

    private final String reason;

    Claim(String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  /** Claims the call's stream for this grant, once. */
  Claim claim(StreamGrant grant);

  /** The grant's stream ended: the call may reconnect, with a newer token only. */
  void release(StreamGrant grant);

  /** Twilio reported the call over (completed, busy, failed, no-answer, canceled): no stream opens for it. */
  void callCompleted(String callSid);
}
