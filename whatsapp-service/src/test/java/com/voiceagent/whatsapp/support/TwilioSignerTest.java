package com.voiceagent.whatsapp.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test signer against Twilio's published vectors (copied from PROTOCOLS.md). */
class TwilioSignerTest {
  static final String TOKEN = "12345";
  static final String BASE = "https://mycompany.com/myapp.php?foo=1&bar=2";

  static Map<String, String> defaults() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Digits", "1234");
    params.put("CallSid", "CA1234567890ABCDE");
    params.put("To", "+18005551212");
    params.put("Caller", "+14158675309");
    params.put("From", "+14158675309");
    return params;
  }

  @Test
  void theSignerReproducesTwiliosPublishedVectors() {
    assertThat(TwilioSigner.sign(TOKEN, BASE, defaults())).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    assertThat(TwilioSigner.sign(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", defaults())).isEqualTo("kvajT1Ptam85bY51eRf/AJRuM3w=");
    assertThat(TwilioSigner.sign(TOKEN, BASE, Map.of())).isEqualTo("zYQTYrRWXE7LtzbG4PfP7/bkkGo=");
    assertThat(TwilioSigner.sign(TOKEN, "https://mycompany.com/myapp.php", defaults())).isEqualTo("1xaxFBvyzXYvWplzNOSs28HWO94=");
    assertThat(TwilioSigner.sign(TOKEN, BASE, Map.of("Zebra", "last", "Alpha", "first", "Beta", "second", "Gamma", "third")))
        .isEqualTo("enveUe73ZTVLAekHxez3Qx6JuuQ=");
  }
}
