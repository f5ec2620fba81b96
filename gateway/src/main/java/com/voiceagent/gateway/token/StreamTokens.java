package com.voiceagent.gateway.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A per-call token that ties a media stream to the incoming-call webhook that created it: the TwiML
 * carries HMAC-SHA256(secret, CallSid) as a stream parameter, and a stream whose token does not match its
 * callSid was not opened by our TwiML. This holds even if the WebSocket signature check is off or the
 * signed URL form is uncertain.
 */
public final class StreamTokens {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  public StreamTokens(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 16) {
      throw new IllegalArgumentException("stream token secret must be at least 16 bytes, was " + secret.length);
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /** The token for a call, URL-safe base64 without padding (safe in an XML attribute). */
  public String tokenFor(String callSid) {
    Objects.requireNonNull(callSid, "callSid");
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(callSid));
  }

  /** Constant-time check; false for a missing or malformed token. */
  public boolean matches(String callSid, String token) {
    if (callSid == null || token == null) {
      return false;
    }
    byte[] presented;
    try {
      presented = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
    return MessageDigest.isEqual(mac(callSid), presented);
  }

  private byte[] mac(String callSid) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(callSid.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
