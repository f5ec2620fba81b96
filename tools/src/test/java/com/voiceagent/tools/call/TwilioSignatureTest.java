package com.voiceagent.tools.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.twilio.security.RequestValidator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Twilio's published signature vectors (copied from docs/PROTOCOLS reference, auth token 12345). */
class TwilioSignatureTest {
  private static final String TOKEN = "12345";
  private static final String BASE = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final Map<String, String> PARAMS = Map.of(
      "Digits", "1234", "CallSid", "CA1234567890ABCDE", "To", "+18005551212",
      "Caller", "+14158675309", "From", "+14158675309");

  @Test
  void signsTheBaseUrlWithTheDefaultParametersLikeTwilio() {
    assertThat(TwilioSignature.sign(TOKEN, BASE, PARAMS)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  }

  @Test
  void theExplicitPortIsPartOfTheSignedUrl() {
    assertThat(TwilioSignature.sign(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", PARAMS))
        .isEqualTo("kvajT1Ptam85bY51eRf/AJRuM3w=");
    assertThat(TwilioSignature.sign(TOKEN, "http://mycompany.com:80/myapp.php?foo=1&bar=2", PARAMS))
        .isEqualTo("0ZXoZLH/DfblKGATFgpif+LLRf4=");
  }

  @Test
  void withoutParametersOnlyTheUrlIsSigned() {
    assertThat(TwilioSignature.sign(TOKEN, BASE, Map.of())).isEqualTo("zYQTYrRWXE7LtzbG4PfP7/bkkGo=");
  }

  @Test
  void theQueryStringIsPartOfTheSignedUrl() {
    assertThat(TwilioSignature.sign(TOKEN, "https://mycompany.com/myapp.php", PARAMS))
        .isEqualTo("1xaxFBvyzXYvWplzNOSs28HWO94=");
  }

  @Test
  void parametersAreSortedByKeyWhateverOrderTheyCameIn() {
    Map<String, String> unsorted = new LinkedHashMap<>();
    unsorted.put("Zebra", "last");
    unsorted.put("Alpha", "first");
    unsorted.put("Beta", "second");
    unsorted.put("Gamma", "third");
    assertThat(TwilioSignature.sign(TOKEN, BASE, unsorted)).isEqualTo("enveUe73ZTVLAekHxez3Qx6JuuQ=");
  }

  @Test
  void aJsonBodyIsSignedThroughItsHashInTheUrl() {
    String url = BASE + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    assertThat(TwilioSignature.sign(TOKEN, url, Map.of())).isEqualTo("a9nBmqA0ju/hNViExpshrM61xv4=");
  }

  @Test
  void twilioJavasRequestValidatorAcceptsTheSimulatorsWebhookAndWebSocketSignatures() {
    RequestValidator validator = new RequestValidator("0123456789abcdef0123456789abcdef");
    Map<String, String> form = Map.of("CallSid", "CA" + "ab".repeat(16), "From", "+972501234567",
        "To", "+97233720000", "CallStatus", "ringing", "Caller", "+972501234567");
    String webhook = "https://abc.ngrok.app/webhook/incoming_call";
    String stream = "wss://abc.ngrok.app/ws/twilio-media";

    assertThat(validator.validate(webhook, form,
        TwilioSignature.sign("0123456789abcdef0123456789abcdef", webhook, form))).isTrue();
    assertThat(validator.validate(stream, Map.of(),
        TwilioSignature.sign("0123456789abcdef0123456789abcdef", stream, Map.of()))).isTrue();
    assertThat(validator.validate(webhook, form, TwilioSignature.sign("another-token", webhook, form))).isFalse();
  }

  @Test
  void anEmptyTokenIsRefused() {
    assertThatThrownBy(() -> TwilioSignature.sign("", BASE, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("authToken must not be empty");
  }
}
