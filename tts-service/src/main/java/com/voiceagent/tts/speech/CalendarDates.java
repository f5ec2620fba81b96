package com.voiceagent.tts.speech;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates in Israeli order, day before month: 12/3, 12/3/2025, 12.3.2025, 12-3-2025, and ISO 2025-03-12.
 *
 * <p>Why the day is masculine: the day of the month stands for יום (שנים עשר במרץ, אחד במאי). Why the year is
 * feminine: it stands for שנה (אלפיים עשרים וחמש). The month is said by name with ב (במרץ), as in speech.
 *
 * <p>Why a dotted date needs its year: "12.3" alone is far more often the decimal 12.3 than the 12th of March,
 * so only D.M.YY and D.M.YYYY are dates. A hyphenated date needs a four-digit year for the same reason (3-4 is
 * a range). A slashed D/M is always a date when the day is 1-31 and the month 1-12, except the idiom 24/7.
 *
 * <p>A two-digit year is read as written (12/3/25: עשרים וחמש; 1/1/05: אפס חמש), because expanding it to a
 * century is a guess.
 */
final class CalendarDates {
  private static final String DAY = "(0?[1-9]|[12][0-9]|3[01])";
  private static final String MONTH = "(0?[1-9]|1[0-2])";
  /** 24/7 is the idiom "around the clock", never the 24th of July. */
  private static final Pattern SLASHED = Pattern.compile("(?!24/7(?![0-9]))" + DAY + "/" + MONTH
      + "(?:/([0-9]{4}|[0-9]{2}))?(?![0-9])(?!/[0-9])");
  private static final Pattern DOTTED = Pattern.compile(DAY + "\\." + MONTH + "\\.([0-9]{4}|[0-9]{2})(?![0-9])(?!\\.[0-9])");
  private static final Pattern HYPHENATED = Pattern.compile(DAY + "-" + MONTH + "-([0-9]{4})(?![0-9])(?!-[0-9])");
  private static final Pattern ISO = Pattern.compile("([0-9]{4})-" + MONTH + "-" + DAY + "(?![0-9])(?!-[0-9])");
  private static final String[] MONTHS = {"", "ינואר", "פברואר", "מרץ", "אפריל", "מאי", "יוני", "יולי", "אוגוסט",
      "ספטמבר", "אוקטובר", "נובמבר", "דצמבר"};

  private CalendarDates() {}

  static Spoken read(String text, int at, Context context) {
    for (Pattern dayFirst : new Pattern[] {SLASHED, DOTTED, HYPHENATED}) {
      Matcher date = Patterns.lookingAt(dayFirst, text, at);
      if (date != null) {
        return new Spoken(date.end(), words(date.group(1), date.group(2), date.group(3)));
      }
    }
    Matcher iso = Patterns.lookingAt(ISO, text, at);
    if (iso != null) {
      return new Spoken(iso.end(), words(iso.group(3), iso.group(2), iso.group(1)));
    }
    return null;
  }

  private static String words(String day, String month, String year) {
    String words = HebrewNumbers.cardinal(Integer.parseInt(day), Gender.MASCULINE)
        + " ב" + MONTHS[Integer.parseInt(month)];
    if (year == null) {
      return words;
    }
    if (year.length() == 2 && year.charAt(0) == '0') {
      return words + " " + HebrewNumbers.digits(year);
    }
    return words + " " + HebrewNumbers.cardinal(Integer.parseInt(year), Gender.FEMININE);
  }
}
