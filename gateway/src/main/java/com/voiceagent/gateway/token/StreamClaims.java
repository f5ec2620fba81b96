package com.voiceagent.gateway.token;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which stream holds each call, across every gateway instance: what turns a valid token into a stream that
 * may open, and what lets a call whose stream ended go on on a new one. A token opens at most one stream,
 * only while its call has no other (on any gateway), only if no newer token of that call was used, and never
 * for a call Twilio reported over. The rules are {@link CallLedger}'s; an implementation shares the ledger
 * between the gateways (the Kafka one orders every change through a compacted topic).
 */
public interface StreamClaims {

  /** The answer to a claim. */
  sealed interface Claimed {
    /**
     * The stream holds the call.
     *
     * @param lastTurn the last turn of the call's earlier streams (0 for a new call): the stream's turns come after it
     * @param resumedAfter why the call's previous stream ended; null for the call's first stream
     */
    record Granted(int lastTurn, @Nullable StreamEnd resumedAfter) implements Claimed {}

    /** @param reason logged and sent as the socket's close reason */
    record Refused(String reason) implements Claimed {}
  }

  /** The answer to Twilio asking, through the TwiML's Redirect, for the next stream of a call. */
  sealed interface Resume {
    record Allowed() implements Resume {}

    record Refused(String reason) implements Resume {}
  }

  /** Claims the call for this stream, once. */
  Claimed claim(StreamGrant grant, String streamSid);

  /** The stream published a turn: a stream resuming the call numbers its turns after it. */
  void turnPublished(StreamGrant grant, String streamSid, int turn);

  /** The grant's stream ended: the call may go on with a newer token only. */
  void release(StreamGrant grant, String streamSid, StreamEnd reason, int lastTurn);

  /** Twilio reported the call over (completed, busy, failed, no-answer, canceled): no stream opens for it. */
  void callCompleted(String callSid);

  /**
   * Twilio followed the Redirect of the TwiML whose stream token was issued at {@code previousToken}: that
   * stream is over. Allowed only for that stream (a newer one would make the request a replay) of a call not
   * over, a bounded number of times; a stream still marked live (its gateway died) is released as LOST.
   */
  Resume resume(String callSid, Instant previousToken);

  /** What the gateways know of the call. */
  Optional<CallLedger.Entry> find(String callSid);
}
