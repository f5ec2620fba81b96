package com.voiceagent.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamTokensTest {
  private final StreamTokens tokens = new StreamTokens("a-secret-of-enough-length".getBytes(StandardCharsets.UTF_8));

  @Test
  void aTokenMatchesTheCallItWasMadeFor() {
    assertThat(tokens.matches("CA123", tokens.tokenFor("CA123"))).isTrue();
  }

  @Test
  void aTokenDoesNotOpenAnotherCall() {
    assertThat(tokens.matches("CA999", tokens.tokenFor("CA123"))).isFalse();
  }

  @Test
  void aTokenFromAnotherSecretIsRefused() {
    StreamTokens other = new StreamTokens("another-secret-of-enough-length".getBytes(StandardCharsets.UTF_8));
    assertThat(tokens.matches("CA123", other.tokenFor("CA123"))).isFalse();
  }

  @Test
  void missingOrMalformedTokensAreRefused() {
    assertThat(tokens.matches("CA123", null)).isFalse();
    assertThat(tokens.matches("CA123", "")).isFalse();
    assertThat(tokens.matches("CA123", "%%% not base64 %%%")).isFalse();
  }

  @Test
  void aShortSecretIsRejectedWithAnExactMessage() {
    assertThatThrownBy(() -> new StreamTokens(new byte[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stream token secret must be at least 16 bytes, was 3");
  }
}
