package com.voiceagent.twiliokit.media;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The ids one Media Streams connection carries: the account, the call and the stream.
 *
 * @param accountSid AC..., the Twilio account
 * @param callSid CA..., the call the stream belongs to
 * @param streamSid MZ..., the stream itself
 */
public record StreamIds(String accountSid, String callSid, String streamSid) {
  /** The account of tests that do not care which account calls. */
  public static final String TEST_ACCOUNT = "AC" + "0".repeat(32);
  private static final SecureRandom RANDOM = new SecureRandom();

  public StreamIds {
    Objects.requireNonNull(accountSid, "accountSid");
    Objects.requireNonNull(callSid, "callSid");
    Objects.requireNonNull(streamSid, "streamSid");
  }

  /** A new stream of a known call. */
  public static StreamIds forCall(String accountSid, String callSid) {
    return new StreamIds(accountSid, callSid, randomSid("MZ"));
  }

  /** A new call of the test account, with its stream. */
  public static StreamIds newCall() {
    return forCall(TEST_ACCOUNT, randomSid("CA"));
  }

  /** A Twilio-style id: two letters and 32 lowercase hex digits. */
  public static String randomSid(String prefix) {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }
}
