package com.voiceagent.whatsapp.send;

import java.util.regex.Pattern;

/** A WhatsApp address: whatsapp:+E164. Customers and our sender are given with or without the prefix. */
public final class WhatsAppAddress {
  public static final String PREFIX = "whatsapp:";
  /** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
  private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");

  private WhatsAppAddress() {}

  /**
   * @return the whatsapp:+E164 form
   * @throws IllegalArgumentException naming the expected format when the number is not E.164
   */
  public static String normalise(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException("a phone number is required, in E.164 form such as +972501234567 (optionally prefixed whatsapp:)");
    }
    String number = raw.strip();
    if (number.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      number = number.substring(PREFIX.length());
    }
    if (!E164.matcher(number).matches()) {
      throw new IllegalArgumentException("'" + raw.strip() + "' is not an E.164 number: expected + and 7-15 digits, such as +972501234567 (optionally prefixed whatsapp:)");
    }
    return PREFIX + number;
  }
}
