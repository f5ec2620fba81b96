package com.voiceagent.gateway.twilio;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Twilio's identifier formats: two letters naming the resource, then 32 hexadecimal digits. Every id a
 * peer sends (a Media Streams message, a webhook form) is checked against its format before it is logged,
 * put in the log context or used: an id of any other shape is not Twilio's, and may carry line breaks or
 * forged log text.
 */
public enum TwilioSid {
  CALL("CA", "CallSid"),
  STREAM("MZ", "StreamSid"),
  ACCOUNT("AC", "AccountSid"),
  RECORDING("RE", "RecordingSid");

  private static final int DIGITS = 32;

  private final String prefix;
  private final String fieldName;

  TwilioSid(String prefix, String fieldName) {
    this.prefix = prefix;
    this.fieldName = fieldName;
  }

  /**
   * True when {@code value} has this id's format (null never does). Twilio writes the digits in lower case; upper
   * case is accepted as edge's TWILIO_ACCOUNT_SID check does. A loop, not a regular expression: every media frame's
   * streamSid is checked, 50 times a second per call.
   */
  public boolean matches(String value) {
    if (value == null || value.length() != prefix.length() + DIGITS || !value.startsWith(prefix)) {
      return false;
    }
    for (int i = prefix.length(); i < value.length(); i++) {
      if (!HexFormat.isHexDigit(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The name Twilio's webhook forms give this id, such as {@code CallSid}. */
  public String fieldName() {
    return fieldName;
  }

  /**
   * Checks the ids of a Twilio webhook form: each of {@code required} present, and every id the form carries
   * in its format. Empty when all are; otherwise what is wrong, fit for a 400 answer and a log line.
   */
  public static Optional<String> problemIn(Map<String, String> form, TwilioSid... required) {
    for (TwilioSid sid : required) {
      String value = form.get(sid.fieldName);
      if (value == null || value.isBlank()) {
        return Optional.of(sid.fieldName + " is required");
      }
    }
    for (TwilioSid sid : values()) {
      String value = form.get(sid.fieldName);
      if (value != null && !sid.matches(value)) {
        return Optional.of(sid.malformed());
      }
    }
    return Optional.empty();
  }

  /** What is wrong with a value that does not match, for a refusal: never the value itself. */
  public String malformed() {
    return fieldName + " is not a Twilio id (" + prefix + " and 32 hex digits)";
  }
}
