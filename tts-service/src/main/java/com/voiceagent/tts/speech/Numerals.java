package com.voiceagent.tts.speech;

/** Integers as people write them: plain digits, or groups of three separated by commas (1,200). */
final class Numerals {
  /**
   * An integer. A comma counts as a thousands separator only before exactly three digits, because Israeli
   * writing uses the point for decimals; "1,2" is two numbers. At most four groups: anything longer is beyond
   * what is read as a number anyway.
   */
  static final String INTEGER = "(?:[0-9]{1,3}(?:,[0-9]{3}){1,4}|[0-9]+)(?![0-9])";

  private Numerals() {}

  /** The value, or -1 when it is beyond what {@link HebrewNumbers} reads (then it is read digit by digit). */
  static long value(String written) {
    String digits = written.replace(",", "");
    int first = 0;
    while (first < digits.length() - 1 && digits.charAt(first) == '0') {
      first++;
    }
    if (digits.length() - first > 9) {
      return -1;
    }
    return Long.parseLong(digits, first, digits.length(), 10);
  }

  /** A written number with a leading zero (007, 0523) is a code, not a quantity. */
  static boolean isCode(String written) {
    return written.length() > 1 && written.charAt(0) == '0' && written.indexOf(',') < 0;
  }
}
