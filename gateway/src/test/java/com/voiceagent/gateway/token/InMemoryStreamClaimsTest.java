package com.voiceagent.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.gateway.token.StreamClaims.Claim;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryStreamClaimsTest {
  static final String CALL = StreamTokensTest.CALL;
  static final String ACCOUNT = StreamTokensTest.ACCOUNT;
  static final Instant NOW = StreamTokensTest.NOW;

  private final InMemoryStreamClaims claims = new InMemoryStreamClaims(Duration.ofSeconds(60), Duration.ofHours(1), 1000);

  private static StreamGrant grant(Instant issuedAt) {
    return new StreamGrant(CALL, ACCOUNT, issuedAt);
  }

  @Test
  void aGrantIsClaimedOnceAndNeverAgainAfterItsStreamEnded() {
    assertThat(claims.claim(grant(NOW))).isEqualTo(Claim.GRANTED);
    assertThat(claims.claim(grant(NOW))).isEqualTo(Claim.STREAM_OPEN);
    claims.release(grant(NOW));
    assertThat(claims.claim(grant(NOW))).isEqualTo(Claim.TOKEN_USED);
  }

  @Test
  void aNewerTokenReconnectsTheCallOnceItsStreamEndedWhileAnOlderOneNever() {
    claims.claim(grant(NOW));
    assertThat(claims.claim(grant(NOW.plusSeconds(5)))).as("while the first stream is open").isEqualTo(Claim.STREAM_OPEN);
    claims.release(grant(NOW));
    assertThat(claims.claim(grant(NOW.plusSeconds(5)))).isEqualTo(Claim.GRANTED);
    claims.release(grant(NOW.plusSeconds(5)));
    assertThat(claims.claim(grant(NOW.plusSeconds(2)))).as("older than the one used").isEqualTo(Claim.TOKEN_USED);
  }

  @Test
  void noStreamOpensForACallTwilioReportedCompleted() {
    claims.callCompleted(CALL);
    assertThat(claims.claim(grant(NOW))).isEqualTo(Claim.CALL_COMPLETED);
  }

  @Test
  void releasingAGrantThatDoesNotHoldTheCallLeavesTheLiveStreamAlone() {
    claims.claim(grant(NOW));
    claims.release(grant(NOW.minusSeconds(1)));
    assertThat(claims.claim(grant(NOW.plusSeconds(1)))).isEqualTo(Claim.STREAM_OPEN);
  }
}
