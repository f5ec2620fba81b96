package com.voiceagent.tts.speech;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Any other run of digits, so that no digit is ever left for the voice to guess at.
 *
 * <p>Why the default gender: with no noun to agree with, Hebrew speakers read a number in the counting form,
 * which is the feminine (שלוש, שתים עשרה); {@link SpeechNormalizer#hebrew(Gender)} can change it. Why some runs
 * are read digit by digit: a number written with a leading zero (007) is a code, and one beyond 999,999,999 is
 * an account or card number, not an amount anybody says in words.
 */
final class PlainNumbers {
  private static final Pattern NUMBER = Pattern.compile(Numerals.INTEGER);

  private PlainNumbers() {}

  static Spoken read(String text, int at, Context context) {
    Matcher number = Patterns.lookingAt(NUMBER, text, at);
    if (number == null) {
      return null;
    }
    String written = number.group();
    long value = Numerals.value(written);
    if (value < 0 || Numerals.isCode(written)) {
      return new Spoken(number.end(), HebrewNumbers.digits(written));
    }
    return new Spoken(number.end(), HebrewNumbers.cardinal(value, context.defaultGender()));
  }
}
