package com.voiceagent.gateway.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token that ties a media stream to the signed webhook whose TwiML asked for it. Twilio's stream URL
 * carries no query string and the WebSocket upgrade's signature is the same for every call, so the TwiML
 * hands each stream a {@code <Parameter name="token">} that Twilio returns in {@code start}:
 * {@code version | issuedAt | HMAC-SHA256(secret, version | issuedAt | CallSid | AccountSid)}, URL-safe
 * base64 without padding (safe in an XML attribute and a URL).
 *
 * <p>A token is bound to its call and account (a token for one call opens no other), and to its issue time:
 * it expires {@code lifetime} after the TwiML was issued, and of two tokens for the same call the newer one
 * wins (see {@link StreamClaims}). A new signed webhook for the same call (a {@code <Redirect>} after a
 * failover) mints a new token; that the old one is then refused is the claims' business, since a token
 * alone cannot know it was used.
 */
public final class StreamTokens {
  /** Clocks of the gateway instances (the one minting, the one checking) may differ this much. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte VERSION = 1;
  private static final int MAC_BYTES = 32;
  private static final int TOKEN_BYTES = 1 + Long.BYTES + MAC_BYTES;

  /** What a presented token proves: a grant for the call, or why not. */
  public sealed interface Check {
    record Valid(StreamGrant grant) implements Check {}

    record Invalid(String reason) implements Check {}
  }

  private final SecretKeySpec key;
  private final Duration lifetime;

  /** @param lifetime how long after issue a token opens a stream */
  public StreamTokens(byte[] secret, Duration lifetime) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 16) {
      throw new IllegalArgumentException("stream token secret must be at least 16 bytes, was " + secret.length);
    }
    if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("stream token lifetime must be positive, was " + lifetime);
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.lifetime = lifetime;
  }

  public Duration lifetime() {
    return lifetime;
  }

  /** A token for this call of this account, issued now (the TwiML carrying it is being answered). */
  public String issue(String callSid, String accountSid, Instant issuedAt) {
    Objects.requireNonNull(callSid, "callSid");
    Objects.requireNonNull(accountSid, "accountSid");
    long issued = issuedAt.toEpochMilli();
    ByteBuffer token = ByteBuffer.allocate(TOKEN_BYTES).put(VERSION).putLong(issued).put(mac(issued, callSid, accountSid));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
  }

  /**
   * Checks a presented token against the call and account of the stream presenting it, in constant time.
   * The reasons never say which part of a forged token was wrong.
   */
  public Check check(String token, String callSid, String accountSid, Instant now) {
    if (token == null || token.isEmpty()) {
      return new Check.Invalid("no stream token");
    }
    byte[] presented;
    try {
      presented = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException notBase64) {
      return new Check.Invalid("stream token does not match the call and account");
    }
    if (presented.length != TOKEN_BYTES || presented[0] != VERSION || callSid == null || accountSid == null) {
      return new Check.Invalid("stream token does not match the call and account");
    }
    ByteBuffer fields = ByteBuffer.wrap(presented);
    fields.get();
    long issued = fields.getLong();
    byte[] mac = new byte[MAC_BYTES];
    fields.get(mac);
    if (!MessageDigest.isEqual(mac(issued, callSid, accountSid), mac)) {
      return new Check.Invalid("stream token does not match the call and account");
    }
    Instant issuedAt = Instant.ofEpochMilli(issued);
    if (issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
      return new Check.Invalid("stream token issued in the future");
    }
    if (issuedAt.plus(lifetime).isBefore(now)) {
      return new Check.Invalid("stream token expired (issued more than " + lifetime.toSeconds() + " s ago)");
    }
    return new Check.Valid(new StreamGrant(callSid, accountSid, issuedAt));
  }

  private byte[] mac(long issued, String callSid, String accountSid) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(ByteBuffer.allocate(1 + Long.BYTES).put(VERSION).putLong(issued).array());
      // The ids have fixed formats, so the separator only keeps the two apart for any future id shape.
      return mac.doFinal((callSid + "\n" + accountSid).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
