package com.voiceagent.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test-side signer: Twilio's documented algorithm (Base64 HMAC-SHA1 over URL + sorted key/value pairs),
 * written independently of twilio-java so the tests check our validation path against a second
 * implementation. Cross-checked against the PROTOCOLS.md vectors in TwilioSignerTest (edge module and here).
 */
final class TwilioSigner {
  private TwilioSigner() {}

  static String sign(String authToken, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((key, value) -> data.append(key).append(value));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
