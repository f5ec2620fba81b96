package com.voiceagent.gateway.twilio;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

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

  private final String prefix;
  private final Pattern format;
  private final String fieldName;

  TwilioSid(String prefix, String fieldName) {
    this.prefix = prefix;
    // Twilio writes the digits in lower case; upper case is accepted as edge's TWILIO_ACCOUNT_SID check does.
    this.format = Pattern.compile(prefix + "[0-9a-fA-F]{32}");
    this.fieldName = fieldName;
  }

  /** True when {@code value} has this id's format (null never does). */
  public boolean matches(String value) {
    return value != null && format.matcher(value).matches();
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
