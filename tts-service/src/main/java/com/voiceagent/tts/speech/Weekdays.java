package com.voiceagent.tts.speech;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weekdays written as a letter with a geresh: יום א' is יום ראשון ... יום ו' is יום שישי, יום ש' is יום שבת.
 *
 * <p>Why only after יום / ימים / ימי, or as a range (א'-ה'): a lone letter with a geresh is too many other
 * things (ה' is also the name of God, a list item, a school grade), so it is expanded only where it can only be
 * a day. Days already written as words (שבת, יום שני) are left as they are.
 */
final class Weekdays {
  private static final String DAY_LETTER = "([אבגדהוש])" + Patterns.GERESH;
  private static final Pattern AFTER_DAY_WORD = Pattern.compile("(" + Patterns.PREFIX_LETTERS + "{0,2}(?:יום|ימים|ימי))("
      + Patterns.SPACES + "+)" + DAY_LETTER + "(?:(" + Patterns.SPACES + "*[-–־]" + Patterns.SPACES + "*)" + DAY_LETTER
      + ")?(?!\\p{L})");
  private static final Pattern RANGE = Pattern.compile(DAY_LETTER + "(" + Patterns.SPACES + "*[-–־]" + Patterns.SPACES + "*)"
      + DAY_LETTER + "(?!\\p{L})");

  private Weekdays() {}

  static Spoken read(String text, int at, Context context) {
    Matcher day = Patterns.lookingAt(AFTER_DAY_WORD, text, at);
    if (day != null) {
      String words = day.group(1) + day.group(2) + name(day.group(3));
      if (day.group(5) != null) {
        words += day.group(4) + name(day.group(5));
      }
      return new Spoken(day.end(), words);
    }
    Matcher range = Patterns.lookingAt(RANGE, text, at);
    if (range != null) {
      return new Spoken(range.end(), name(range.group(1)) + range.group(2) + name(range.group(3)));
    }
    return null;
  }

  private static String name(String letter) {
    return switch (letter.charAt(0)) {
      case 'א' -> "ראשון";
      case 'ב' -> "שני";
      case 'ג' -> "שלישי";
      case 'ד' -> "רביעי";
      case 'ה' -> "חמישי";
      case 'ו' -> "שישי";
      default -> "שבת";
    };
  }
}
