package com.voiceagent.gateway.token;

import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a media stream may open: its token must be valid for the call and account it names
 * ({@link StreamTokens}) and the call's stream must be free to claim ({@link StreamClaims}).
 */
public final class StreamAdmission {

  /** The answer to a stream's {@code start}. */
  public sealed interface Decision {
    /**
     * The stream may open; hand the grant back to {@link #ended} when it ends.
     *
     * @param lastTurn the call's last turn before this stream (0 for a new call)
     * @param resumedAfter why the call's previous stream ended; null for its first stream
     */
    record Admitted(StreamGrant grant, int lastTurn, @Nullable StreamEnd resumedAfter) implements Decision {}

    record Refused(String reason) implements Decision {}
  }

  private final StreamTokens tokens;
  private final StreamClaims claims;
  private final Clock clock;

  public StreamAdmission(StreamTokens tokens, StreamClaims claims, Clock clock) {
    this.tokens = tokens;
    this.claims = claims;
    this.clock = clock;
  }

  public Decision admit(String callSid, String accountSid, String streamSid, String token) {
    return switch (tokens.check(token, callSid, accountSid, clock.instant())) {
      case StreamTokens.Check.Invalid invalid -> new Decision.Refused(invalid.reason());
      case StreamTokens.Check.Valid valid -> switch (claims.claim(valid.grant(), streamSid)) {
        case StreamClaims.Claimed.Granted granted -> new Decision.Admitted(valid.grant(), granted.lastTurn(), granted.resumedAfter());
        case StreamClaims.Claimed.Refused refused -> new Decision.Refused(refused.reason());
      };
    };
  }

  /** The stream published a turn. */
  public void turnPublished(StreamGrant grant, String streamSid, int turn) {
    claims.turnPublished(grant, streamSid, turn);
  }

  public void ended(StreamGrant grant, String streamSid, StreamEnd reason, int lastTurn) {
    claims.release(grant, streamSid, reason, lastTurn);
  }
}
