package com.voiceagent.tts.speech;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decimal numbers: 3.7 is שלוש נקודה שבע, 2.5 is שתיים וחצי, 0.5 is חצי.
 *
 * <p>Why feminine: a decimal is never a count of things, so it is read in the counting form, which is the
 * feminine. Why digit by digit after the point: "three point seven five" cannot be misheard, while reading the
 * fraction as a number (שבעים וחמש) depends on how many digits were written. A fraction of exactly .5 is said
 * as וחצי, as everybody says it.
 */
final class Decimals {
  /** Not part of a longer dotted run: in 1.2.3 (a version, an address) no two of the numbers form a decimal. */
  private static final Pattern DECIMAL =
      Pattern.compile("(?<![0-9]\\.)(" + Numerals.INTEGER + ")\\.([0-9]+)(?![0-9])(?!\\.[0-9])");

  private Decimals() {}

  static Spoken read(String text, int at, Context context) {
    Matcher decimal = Patterns.lookingAt(DECIMAL, text, at);
    if (decimal == null || Numerals.value(decimal.group(1)) < 0) {
      return null;
    }
    return new Spoken(decimal.end(), words(decimal.group(1), decimal.group(2)));
  }

  /** The whole part must be within {@link HebrewNumbers#MAX} (check with {@link Numerals#value}). */
  static String words(String whole, String fraction) {
    long value = Numerals.value(whole);
    if (fraction.equals("5")) {
      return value == 0 ? "חצי" : HebrewNumbers.cardinal(value, Gender.FEMININE) + " וחצי";
    }
    return HebrewNumbers.cardinal(value, Gender.FEMININE) + " נקודה " + HebrewNumbers.digits(fraction);
  }
}
