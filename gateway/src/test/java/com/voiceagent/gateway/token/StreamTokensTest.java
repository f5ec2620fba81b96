package com.voiceagent.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class StreamTokensTest {
  static final String CALL = "CA0123456789abcdef0123456789abcdef";
  static final String OTHER_CALL = "CAffffffffffffffffffffffffffffffff";
  static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
  static final String OTHER_ACCOUNT = "ACffffffffffffffffffffffffffffffff";
  static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

  private final StreamTokens tokens = new StreamTokens("a-secret-of-enough-length".getBytes(StandardCharsets.UTF_8),
      Duration.ofSeconds(60));

  @Test
  void aTokenGrantsAStreamForTheCallAndAccountItWasIssuedFor() {
    String token = tokens.issue(CALL, ACCOUNT, NOW);
    assertThat(tokens.check(token, CALL, ACCOUNT, NOW.plusSeconds(2)))
        .isEqualTo(new StreamTokens.Check.Valid(new StreamGrant(CALL, ACCOUNT, NOW)));
  }

  @Test
  void aTokenIsUrlSafeForTheTwimlParameter() {
    assertThat(tokens.issue(CALL, ACCOUNT, NOW)).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void aTokenOpensNoOtherCallAndNoOtherAccount() {
    String token = tokens.issue(CALL, ACCOUNT, NOW);
    assertThat(tokens.check(token, OTHER_CALL, ACCOUNT, NOW)).isInstanceOf(StreamTokens.Check.Invalid.class);
    assertThat(tokens.check(token, CALL, OTHER_ACCOUNT, NOW)).isInstanceOf(StreamTokens.Check.Invalid.class);
  }

  @Test
  void aTokenExpiresItsLifetimeAfterIssue() {
    String token = tokens.issue(CALL, ACCOUNT, NOW);
    assertThat(tokens.check(token, CALL, ACCOUNT, NOW.plusSeconds(60))).isInstanceOf(StreamTokens.Check.Valid.class);
    assertThat(tokens.check(token, CALL, ACCOUNT, NOW.plusSeconds(61)))
        .isEqualTo(new StreamTokens.Check.Invalid("stream token expired (issued more than 60 s ago)"));
  }

  @Test
  void aTokenFromTheFutureBeyondTheClockSkewIsRefused() {
    String token = tokens.issue(CALL, ACCOUNT, NOW.plusSeconds(30));
    assertThat(tokens.check(token, CALL, ACCOUNT, NOW))
        .isEqualTo(new StreamTokens.Check.Invalid("stream token issued in the future"));
  }

  @Test
  void aTokenWhoseIssueTimeWasAlteredIsRefused() {
    byte[] raw = Base64.getUrlDecoder().decode(tokens.issue(CALL, ACCOUNT, NOW.minusSeconds(3600)));
    raw[8] ^= 0x01; // the lowest byte of the issue time: an attacker making an old token look fresh
    String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    assertThat(tokens.check(altered, CALL, ACCOUNT, NOW)).isInstanceOf(StreamTokens.Check.Invalid.class);
  }

  @Test
  void aTokenFromAnotherSecretIsRefused() {
    StreamTokens other = new StreamTokens("another-secret-of-enough-length".getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(60));
    assertThat(tokens.check(other.issue(CALL, ACCOUNT, NOW), CALL, ACCOUNT, NOW)).isInstanceOf(StreamTokens.Check.Invalid.class);
  }

  @Test
  void missingOrMalformedTokensAreRefused() {
    assertThat(tokens.check(null, CALL, ACCOUNT, NOW)).isEqualTo(new StreamTokens.Check.Invalid("no stream token"));
    assertThat(tokens.check("", CALL, ACCOUNT, NOW)).isEqualTo(new StreamTokens.Check.Invalid("no stream token"));
    assertThat(tokens.check("%%% not base64 %%%", CALL, ACCOUNT, NOW)).isInstanceOf(StreamTokens.Check.Invalid.class);
    assertThat(tokens.check("bm90LXRoZS10b2tlbg", CALL, ACCOUNT, NOW)).isInstanceOf(StreamTokens.Check.Invalid.class);
  }

  @Test
  void aShortSecretIsRejectedWithAnExactMessage() {
    assertThatThrownBy(() -> new StreamTokens(new byte[3], Duration.ofSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stream token secret must be at least 16 bytes, was 3");
  }
}
