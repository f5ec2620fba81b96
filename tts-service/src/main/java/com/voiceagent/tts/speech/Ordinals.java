package com.voiceagent.tts.speech;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number with an attached definite ה (ה-3, ה־3, ה3, מה-3) is an ordinal: השלישי.
 *
 * <p>Why ה marks an ordinal: a bare Hebrew number is not made definite with ה in writing (one writes שלושת
 * הימים); "ה-3" is how the third is written (התור ה-3, ה-3 בחודש). Hebrew has ordinal words for 1-10 only
 * (ראשון...עשירי); from 11 the cardinal serves as the ordinal (ה-11: האחד עשר).
 *
 * <p>The ordinal is an adjective and agrees with its noun, which comes before it (הפעם השנייה, התור השלישי). So
 * the word before the number decides: feminine if it is a feminine noun in {@link CountedNouns} (prefixes like
 * the ה of הפעם are looked through), otherwise masculine, which is also the form for a day of the month
 * (ה-3 בחודש: השלישי בחודש). When a date, a time, a price or a counted noun follows, that reading wins and the
 * ה is simply attached to it (ה-12/3: השנים עשר במרץ).
 */
final class Ordinals {
  private static final Pattern NUMBER = Pattern.compile(Numerals.INTEGER);

  private Ordinals() {}

  static Spoken read(String text, int at, Context context) {
    if (!context.definite()) {
      return null;
    }
    Matcher number = Patterns.lookingAt(NUMBER, text, at);
    if (number == null) {
      return null;
    }
    long value = Numerals.value(number.group());
    if (value < 0) {
      return null;
    }
    return new Spoken(number.end(), HebrewNumbers.ordinal(value, context.ordinalGender()));
  }
}
