package com.voiceagent.edge.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import com.voiceagent.fixtures.TwilioRestFixture;
import com.twilio.exception.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real twilio-java request path, sent to the Twilio REST fixture through TWILIO_API_BASE_URL. */
class TwilioClientsTest {
  static final String SID = "AC00000000000000000000000000000001";
  static final String TOKEN = "fixture-token";
  private final TwilioRestFixture fixture = TwilioRestFixture.start(SID, TOKEN);

  @AfterEach
  void stopFixture() {
    fixture.close();
  }

  private String base() {
    return fixture.baseUrl();
  }

  @Test
  void endingACallGoesToTheFixtureWithTwiliosPathFormAndBasicAuth() {
    TwilioRestClient client = TwilioClients.create(SID, TOKEN, base());
    Call call = Call.updater("CA00000000000000000000000000000002").setStatus(Call.UpdateStatus.COMPLETED).update(client);
    assertThat(call.getStatus()).isEqualTo(Call.Status.COMPLETED);
    assertThat(fixture.requests()).singleElement().satisfies(request -> {
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Calls/CA00000000000000000000000000000002.json");
      assertThat(request.form()).containsExactly(Map.entry("Status", "completed"));
      assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder()
          .encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
    });
  }

  @Test
  void sendingAWhatsAppMessageGoesToTheFixtureWithItsHebrewBody() {
    TwilioRestClient client = TwilioClients.create(SID, TOKEN, base() + "/");
    Message message = Message.creator(new PhoneNumber("whatsapp:+972501234567"), new PhoneNumber("whatsapp:+14155238886"), "שלום")
        .create(client);
    assertThat(message.getSid()).isEqualTo(fixture.acceptedSidsTo("whatsapp:+972501234567").getFirst());
    assertThat(fixture.requests()).singleElement().satisfies(request -> {
      assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
      assertThat(request.form()).containsEntry("To", "whatsapp:+972501234567").containsEntry("From", "whatsapp:+14155238886")
          .containsEntry("Body", "שלום");
    });
  }

  @Test
  void withoutABaseUrlTheClientKeepsTwiliosOwnHttpClient() {
    TwilioRestClient client = TwilioClients.create(SID, TOKEN, null);
    assertThat(client.getHttpClient()).isNotInstanceOf(BaseUrlHttpClient.class);
    assertThat(TwilioClients.create(SID, TOKEN, base()).getHttpClient()).isInstanceOf(BaseUrlHttpClient.class);
  }

  @Test
  void missingCredentialsAndBadBaseUrlsAreRefusedWithExactMessages() {
    assertThatThrownBy(() -> TwilioClients.create(" ", TOKEN, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("TWILIO_ACCOUNT_SID is required to build a Twilio REST client");
    assertThatThrownBy(() -> TwilioClients.create(SID, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("TWILIO_AUTH_TOKEN is required to build a Twilio REST client");
    assertThatThrownBy(() -> TwilioClients.create(SID, TOKEN, "ftp://x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("TWILIO_API_BASE_URL must be http(s)://host[:port], was 'ftp://x'");
  }

  @Test
  void ourReadTimeoutEndsACallToASlowTwilioInsteadOfTwilioJavasThirtySeconds() {
    fixture.delayAnswers(Duration.ofSeconds(5));
    TwilioRestClient client = TwilioClients.create(SID, TOKEN, base(), new HttpTimeouts(Duration.ofMillis(500), Duration.ofMillis(400)));
    long started = System.nanoTime();
    assertThatThrownBy(() -> Message.creator(new PhoneNumber("whatsapp:+972501234567"), new PhoneNumber("whatsapp:+14155238886"), "late")
        .create(client)).isInstanceOf(ApiException.class).hasMessageContaining("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    // A timeout is not a 5xx: twilio-java does not repeat it, so Twilio saw the request once.
    assertThat(fixture.requests()).hasSize(1);
  }

  @Test
  void theLongestCallCountsTwilioJavasOwnRepeatsOfA5xx() {
    HttpTimeouts timeouts = new HttpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));
    assertThat(timeouts.longestRequest()).isEqualTo(Duration.ofSeconds(14));
    // 3 requests (twilio-java's RETRIES) of 14 s, 100 ms apart.
    assertThat(timeouts.longestSdkCall()).isEqualTo(Duration.ofMillis(42_200));
  }
}
