package com.voiceagent.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.edge.TwilioProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real twilio-java code path against a local fixture that speaks Twilio's REST protocol. */
class TwilioCallsTest {
  private final TwilioRestFixture fixture = TwilioRestFixture.start();

  @AfterEach
  void stop() {
    fixture.stop();
  }

  @Test
  void completingACallPostsStatusCompletedToTheCallResource() {
    TwilioCalls calls = TwilioCalls.from(
        new TwilioProperties(TwilioRestFixture.ACCOUNT_SID, "token-1", fixture.baseUrl(), null, null));
    calls.complete("CA0123456789abcdef0123456789abcdef");
    TwilioRestFixture.Received request = fixture.requests().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + TwilioRestFixture.ACCOUNT_SID + "/Calls/CA0123456789abcdef0123456789abcdef.json");
    assertThat(request.form()).containsEntry("Status", "completed");
    assertThat(request.authorization()).startsWith("Basic ");
  }

  @Test
  void withoutCredentialsCompletingACallFails() {
    TwilioCalls calls = TwilioCalls.from(new TwilioProperties("", "", "", null, null));
    assertThatThrownBy(() -> calls.complete("CA1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Twilio is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)");
  }

  @Test
  void anUnreachableApiFails() {
    String base = fixture.baseUrl();
    fixture.stop();
    TwilioCalls calls = TwilioCalls.from(new TwilioProperties(TwilioRestFixture.ACCOUNT_SID, "token-1", base, null, null));
    assertThatThrownBy(() -> calls.complete("CA1")).isInstanceOf(RuntimeException.class);
  }
}
