package com.voiceagent.tts.speech;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Percentages: 50% is חמישים אחוז, 1% is אחוז אחד, 3% is שלושה אחוזים, 2.5% is שתיים וחצי אחוז.
 *
 * <p>Why: אחוז is masculine, and as a noun of measure it keeps the singular after 11 and up but takes the
 * plural after 2-10 (see {@link Unit}). A decimal percentage is read like any decimal (feminine counting form)
 * followed by the singular אחוז, since a fraction does not count whole percents.
 */
final class Percentages {
  private static final Pattern PERCENT = Pattern.compile("(" + Numerals.INTEGER + ")(?:\\.([0-9]+))?(?![0-9])"
      + Patterns.SPACES + "?%");

  private Percentages() {}

  static Spoken read(String text, int at, Context context) {
    Matcher percent = Patterns.lookingAt(PERCENT, text, at);
    if (percent == null) {
      return null;
    }
    long whole = Numerals.value(percent.group(1));
    if (whole < 0) {
      return null;
    }
    String fraction = percent.group(2);
    String words = fraction == null
        ? Unit.PERCENT.count(whole)
        : Decimals.words(percent.group(1), fraction) + " " + Unit.PERCENT.afterFraction();
    return new Spoken(percent.end(), words);
  }
}
