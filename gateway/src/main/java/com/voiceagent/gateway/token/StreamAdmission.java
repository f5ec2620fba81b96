package com.voiceagent.gateway.token;

import java.time.Clock;

/**
 * Decides whether a media stream may open: its token must be valid for the call and account it names
 * ({@link StreamTokens}) and the call's stream must be free to claim ({@link StreamClaims}).
 */
public final class StreamAdmission {

  /** The answer to a stream's {@code start}. */
  public sealed interface Decision {
    /** The stream may open; hand the grant back to {@link #ended} when it ends. */
    record Admitted(StreamGrant grant) implements Decision {}

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

  public Decision admit(String callSid, String accountSid, String token) {
    return switch (tokens.check(token, callSid, accountSid, clock.instant())) {
      case StreamTokens.Check.Invalid invalid -> new Decision.Refused(invalid.reason());
      case StreamTokens.Check.Valid valid -> {
        StreamClaims.Claim claim = claims.claim(valid.grant());
        yield claim == StreamClaims.Claim.GRANTED ? new Decision.Admitted(valid.grant()) : new Decision.Refused(claim.reason());
      }
    };
  }

  public void ended(StreamGrant grant) {
    claims.release(grant);
  }
}
