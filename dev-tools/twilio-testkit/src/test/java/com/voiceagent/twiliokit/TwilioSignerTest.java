package com.voiceagent.twiliokit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Twilio's published request-signing vectors (copied from the team's PROTOCOLS.md, auth token 12345;
 * tests must not read /work/shared).
 */
class TwilioSignerTest {
  private static final String TOKEN = "12345";
  private static final String BASE = "https://mycompany.com/myapp.php?foo=1&bar=2";

  private static Map<String, String> defaultParams() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Digits", "1234");
    params.put("CallSid", "CA1234567890ABCDE");
    params.put("To", "+18005551212");
    params.put("Caller", "+14158675309");
    params.put("From", "+14158675309");
    return params;
  }

  @Test
  void signsTheBaseUrlWithTheDefaultParametersLikeTwilio() {
    assertThat(TwilioSigner.sign(TOKEN, BASE, defaultParams())).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  }

  @Test
  void theExplicitPortIsPartOfTheSignedUrl() {
    assertThat(TwilioSigner.sign(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", defaultParams()))
        .isEqualTo("kvajT1Ptam85bY51eRf/AJRuM3w=");
    assertThat(TwilioSigner.sign(TOKEN, "http://mycompany.com:80/myapp.php?foo=1&bar=2", defaultParams()))
        .isEqualTo("0ZXoZLH/DfblKGATFgpif+LLRf4=");
  }

  @Test
  void withoutParametersOnlyTheUrlIsSigned() {
    assertThat(TwilioSigner.sign(TOKEN, BASE, Map.of())).isEqualTo("zYQTYrRWXE7LtzbG4PfP7/bkkGo=");
  }

  @Test
  void theQueryStringIsPartOfTheSignedUrl() {
    assertThat(TwilioSigner.sign(TOKEN, "https://mycompany.com/myapp.php", defaultParams()))
        .isEqualTo("1xaxFBvyzXYvWplzNOSs28HWO94=");
  }

  @Test
  void parametersAreSortedByKeyWhateverOrderTheyCameIn() {
    Map<String, String> unsorted = new LinkedHashMap<>();
    unsorted.put("Zebra", "last");
    unsorted.put("Alpha", "first");
    unsorted.put("Beta", "second");
    unsorted.put("Gamma", "third");
    assertThat(TwilioSigner.sign(TOKEN, BASE, unsorted)).isEqualTo("enveUe73ZTVLAekHxez3Qx6JuuQ=");
    assertThat(TwilioSigner.sign(TOKEN, BASE, Map.of("Zebra", "last", "Alpha", "first", "Beta", "second", "Gamma", "third")))
        .isEqualTo("enveUe73ZTVLAekHxez3Qx6JuuQ=");
  }

  @Test
  void aJsonBodyIsSignedThroughItsHashInTheUrl() {
    String url = BASE + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    assertThat(TwilioSigner.sign(TOKEN, url, Map.of())).isEqualTo("a9nBmqA0ju/hNViExpshrM61xv4=");
  }

  @Test
  void anotherTokenGivesAnotherSignature() {
    assertThat(TwilioSigner.sign("another-token", BASE, defaultParams())).isNotEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  }

  @Test
  void anEmptyTokenIsRefused() {
    assertThatThrownBy(() -> TwilioSigner.sign("", BASE, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("authToken must not be empty");
  }

  @Test
  void nullArgumentsAreRefusedByName() {
    assertThatThrownBy(() -> TwilioSigner.sign(null, BASE, Map.of())).isInstanceOf(NullPointerException.class).hasMessage("authToken");
    assertThatThrownBy(() -> TwilioSigner.sign(TOKEN, null, Map.of())).isInstanceOf(NullPointerException.class).hasMessage("url");
    assertThatThrownBy(() -> TwilioSigner.sign(TOKEN, BASE, null)).isInstanceOf(NullPointerException.class).hasMessage("params");
  }

  @Test
  void aRepeatedKeyIsSignedOncePerValueWithTheValuesSorted() {
    // Twilio's data string for K=[b, a] is URL + "Ka" + "Kb": the same as URL + "Ka" followed by the one pair K=b.
    String repeated = TwilioSigner.signEveryValue(TOKEN, BASE, java.util.Map.of("K", java.util.List.of("b", "a")));
    assertThat(repeated).isEqualTo(TwilioSigner.sign(TOKEN, BASE + "Ka", java.util.Map.of("K", "b")));
  }

  @Test
  void withOneValuePerKeyEveryValueSigningIsPlainSigning() {
    var everyValue = java.util.Map.of("CallSid", java.util.List.of("CA1"), "To", java.util.List.of("+1"));
    assertThat(TwilioSigner.signEveryValue(TOKEN, BASE, everyValue))
        .isEqualTo(TwilioSigner.sign(TOKEN, BASE, java.util.Map.of("CallSid", "CA1", "To", "+1")));
  }
}
