package com.voiceagent.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test signer agrees with the twilio-java vectors (PROTOCOLS.md), so signatures in these tests are Twilio's. */
class TwilioSignerTest {
  @Test
  void theTestSignerReproducesTheTwilioVectors() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Digits", "1234");
    params.put("CallSid", "CA1234567890ABCDE");
    params.put("To", "+18005551212");
    params.put("Caller", "+14158675309");
    params.put("From", "+14158675309");
    assertThat(TwilioSigner.sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    assertThat(TwilioSigner.sign("12345", "https://mycompany.com/myapp.php", params)).isEqualTo("1xaxFBvyzXYvWplzNOSs28HWO94=");
    assertThat(TwilioSigner.sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", Map.of())).isEqualTo("zYQTYrRWXE7LtzbG4PfP7/bkkGo=");
  }
}
