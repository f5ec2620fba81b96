package com.voiceagent.tts.speech;

import java.util.ArrayList;
import java.util.List;

/**
 * Cardinal and ordinal numbers in Hebrew words, 0 to 999,999,999.
 *
 * <p>Why the gender parameter: the units 1-10 and the teens 11-19 have a masculine and a feminine form, and
 * the counted noun decides which (שלושה ימים, שלוש שעות). Tens (עשרים...), מאה and אלף do not change.
 * Hundreds are always built with the feminine units (שלוש מאות) because מאה is feminine; thousands with the
 * masculine construct form (שלושת אלפים) because אלף is masculine; millions with the masculine absolute form
 * (שלושה מיליון), except 2, which is the construct שני מיליון like any 2 directly before its noun.
 *
 * <p>Why the ו goes where it goes: Hebrew joins the last element of a number with ו (מאה ועשרים, עשרים ואחת).
 * Each group of three digits gets its own ו before its last element (מאה עשרים וחמישה אלף); when the last
 * group is a single element, the ו comes before that group (אלף ומאתיים, שני מיליון וחמש מאות אלף).
 */
final class HebrewNumbers {
  static final long MAX = 999_999_999L;

  private static final String[] UNITS_MASCULINE =
      {"אפס", "אחד", "שניים", "שלושה", "ארבעה", "חמישה", "שישה", "שבעה", "שמונה", "תשעה", "עשרה"};
  private static final String[] UNITS_FEMININE =
      {"אפס", "אחת", "שתיים", "שלוש", "ארבע", "חמש", "שש", "שבע", "שמונה", "תשע", "עשר"};
  /** 11-19: the masculine teen takes עשר, the feminine עשרה; 12 keeps the short stem שנים / שתים. */
  private static final String[] TEENS_MASCULINE = {"", "אחד עשר", "שנים עשר", "שלושה עשר", "ארבעה עשר",
      "חמישה עשר", "שישה עשר", "שבעה עשר", "שמונה עשר", "תשעה עשר"};
  private static final String[] TEENS_FEMININE = {"", "אחת עשרה", "שתים עשרה", "שלוש עשרה", "ארבע עשרה",
      "חמש עשרה", "שש עשרה", "שבע עשרה", "שמונה עשרה", "תשע עשרה"};
  private static final String[] TENS =
      {"", "", "עשרים", "שלושים", "ארבעים", "חמישים", "שישים", "שבעים", "שמונים", "תשעים"};
  /** 3,000-10,000: before the masculine plural אלפים the unit takes its construct form (שלושת אלפים). */
  private static final String[] THOUSANDS_CONSTRUCT =
      {"", "", "", "שלושת", "ארבעת", "חמשת", "ששת", "שבעת", "שמונת", "תשעת", "עשרת"};
  private static final String[] ORDINALS_MASCULINE =
      {"", "ראשון", "שני", "שלישי", "רביעי", "חמישי", "שישי", "שביעי", "שמיני", "תשיעי", "עשירי"};
  private static final String[] ORDINALS_FEMININE =
      {"", "ראשונה", "שנייה", "שלישית", "רביעית", "חמישית", "שישית", "שביעית", "שמינית", "תשיעית", "עשירית"};

  private HebrewNumbers() {}

  /** The absolute form, as said when no noun follows (or the noun follows a compound number). */
  static String cardinal(long n, Gender gender) {
    if (n < 0 || n > MAX) {
      throw new IllegalArgumentException("out of range: " + n);
    }
    if (n == 0) {
      return UNITS_FEMININE[0];
    }
    int millions = (int) (n / 1_000_000);
    int thousands = (int) (n / 1_000 % 1_000);
    int rest = (int) (n % 1_000);
    List<Group> groups = new ArrayList<>(3);
    if (millions > 0) {
      groups.add(millions(millions));
    }
    if (thousands > 0) {
      groups.add(thousands(thousands));
    }
    if (rest > 0) {
      List<String> elements = belowThousand(rest, gender);
      groups.add(new Group(joined(elements), elements.size() == 1));
    }
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < groups.size(); i++) {
      Group group = groups.get(i);
      if (i > 0) {
        words.append(' ');
        if (i == groups.size() - 1 && group.singleElement()) {
          words.append('ו');
        }
      }
      words.append(group.words());
    }
    return words.toString();
  }

  /** A 2 standing alone right before its noun takes the construct form: שני ימים, שתי שעות. */
  static String beforeNoun(long n, Gender gender) {
    if (n == 2) {
      return gender == Gender.MASCULINE ? "שני" : "שתי";
    }
    return cardinal(n, gender);
  }

  /** "One" follows its noun as an adjective (יום אחד, שעה אחת). */
  static String one(Gender gender) {
    return gender == Gender.MASCULINE ? UNITS_MASCULINE[1] : UNITS_FEMININE[1];
  }

  /**
   * Hebrew has ordinal words only for 1-10; above that the cardinal is used as the ordinal (היום האחד עשר).
   * The caller adds the definite ה.
   */
  static String ordinal(long n, Gender gender) {
    if (n >= 1 && n <= 10) {
      return (gender == Gender.MASCULINE ? ORDINALS_MASCULINE : ORDINALS_FEMININE)[(int) n];
    }
    return cardinal(n, gender);
  }

  /** Codes (phone numbers, ID numbers) are read digit by digit in the counting form, which is feminine. */
  static String digits(CharSequence digits) {
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c >= '0' && c <= '9') {
        if (!words.isEmpty()) {
          words.append(' ');
        }
        words.append(UNITS_FEMININE[c - '0']);
      }
    }
    return words.toString();
  }

  private static Group millions(int millions) {
    if (millions == 1) {
      return new Group("מיליון", true);
    }
    if (millions == 2) {
      return new Group("שני מיליון", true);
    }
    List<String> elements = belowThousand(millions, Gender.MASCULINE);
    return new Group(joined(elements) + " מיליון", elements.size() == 1);
  }

  private static Group thousands(int thousands) {
    if (thousands == 1) {
      return new Group("אלף", true);
    }
    if (thousands == 2) {
      return new Group("אלפיים", true);
    }
    if (thousands <= 10) {
      return new Group(THOUSANDS_CONSTRUCT[thousands] + " אלפים", true);
    }
    List<String> elements = belowThousand(thousands, Gender.MASCULINE);
    return new Group(joined(elements) + " אלף", elements.size() == 1);
  }

  /** The elements of 1..999 in order, without the ו: 125 is [מאה, עשרים, חמש]. */
  private static List<String> belowThousand(int n, Gender gender) {
    List<String> elements = new ArrayList<>(3);
    int hundreds = n / 100;
    int belowHundred = n % 100;
    if (hundreds == 1) {
      elements.add("מאה");
    } else if (hundreds == 2) {
      elements.add("מאתיים");
    } else if (hundreds > 2) {
      elements.add(UNITS_FEMININE[hundreds] + " מאות");
    }
    boolean masculine = gender == Gender.MASCULINE;
    if (belowHundred >= 11 && belowHundred <= 19) {
      elements.add((masculine ? TEENS_MASCULINE : TEENS_FEMININE)[belowHundred - 10]);
    } else if (belowHundred > 0) {
      int tens = belowHundred / 10;
      int units = belowHundred % 10;
      if (tens >= 2) {
        elements.add(TENS[tens]);
      }
      if (belowHundred == 10) {
        elements.add((masculine ? UNITS_MASCULINE : UNITS_FEMININE)[10]);
      } else if (units > 0) {
        elements.add((masculine ? UNITS_MASCULINE : UNITS_FEMININE)[units]);
      }
    }
    return elements;
  }

  private static String joined(List<String> elements) {
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < elements.size(); i++) {
      if (i > 0) {
        words.append(' ');
        if (i == elements.size() - 1) {
          words.append('ו');
        }
      }
      words.append(elements.get(i));
    }
    return words.toString();
  }

  /** One group of three digits in words, and whether it is a single element (so it takes the ו when last). */
  private record Group(String words, boolean singleElement) {}
}
