package com.voiceagent.twiliokit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a request the way Twilio does ({@code X-Twilio-Signature}): Base64 of HMAC-SHA1, keyed with the
 * auth token, over the URL followed by every form parameter as key+value in case-sensitive key order.
 *
 * <p>This is the sending side, which twilio-java does not offer (its RequestValidator only checks, and
 * keeps the signing private). The services validate with RequestValidator; tests and the call simulator
 * sign with this class, written independently of twilio-java so the validation path is checked against a
 * second implementation. TwilioSignerTest checks it against Twilio's published vectors.
 */
public final class TwilioSigner {
  private TwilioSigner() {}

  /**
   * @param authToken the account's auth token (the HMAC key)
   * @param url the public URL exactly as Twilio called it (scheme, host, port, path, query)
   * @param params form parameters of a POST; empty for a GET or a WebSocket upgrade
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when the auth token is empty
   */
  public static String sign(String authToken, String url, Map<String, String> params) {
    Objects.requireNonNull(authToken, "authToken");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(params, "params");
    if (authToken.isEmpty()) {
      throw new IllegalArgumentException("authToken must not be empty");
    }
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((key, value) -> data.append(key).append(value));
    return hmac(authToken, data);
  }

  /**
   * Signs a form in which a key may repeat, as Twilio does: keys sorted, and for each key its values sorted,
   * each appended as key+value.
   *
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when the auth token is empty
   */
  public static String signEveryValue(String authToken, String url, Map<String, List<String>> params) {
    Objects.requireNonNull(authToken, "authToken");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(params, "params");
    if (authToken.isEmpty()) {
      throw new IllegalArgumentException("authToken must not be empty");
    }
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((key, values) -> values.stream().sorted().forEach(value -> data.append(key).append(value)));
    return hmac(authToken, data);
  }

  private static String hmac(String authToken, CharSequence data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }
}
