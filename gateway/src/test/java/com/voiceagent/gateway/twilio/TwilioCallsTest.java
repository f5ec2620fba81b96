package com.voiceagent.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.edge.TwilioProperties;
import com.voiceagent.fixtures.TwilioRestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real twilio-java code path against the local fixture that speaks Twilio's REST protocol. */
class TwilioCallsTest {
  private static final String ACCOUNT_SID = "AC00000000000000000000000000000000";
  private final TwilioRestFixture fixture = TwilioRestFixture.start(ACCOUNT_SID, "token-1");

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void completingACallPostsStatusCompletedToTheCallResource() {
    TwilioCalls calls = TwilioCalls.from(new TwilioProperties(ACCOUNT_SID, "token-1", fixture.baseUrl(), null, null));
    calls.complete("CA0123456789abcdef0123456789abcdef");
    TwilioRestFixture.Request request = fixture.requests().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path())
        .isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Calls/CA0123456789abcdef0123456789abcdef.json");
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
    fixture.close();
    TwilioCalls calls = TwilioCalls.from(new TwilioProperties(ACCOUNT_SID, "token-1", base, null, null));
    assertThatThrownBy(() -> calls.complete("CA1")).isInstanceOf(RuntimeException.class);
  }
}
