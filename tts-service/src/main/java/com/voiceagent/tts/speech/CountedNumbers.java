package com.voiceagent.tts.speech;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole number followed by the noun it counts: 3 תורים, 2 שעות, 1 יום, 3-4 ימים, 5 ק"מ, 3 לחודש.
 *
 * <p>Why: the number agrees in gender with its noun (שלושה תורים, שלוש שעות). "One" is an adjective and
 * follows its noun (יום אחד, שעה אחת). A lone 2 right before its noun takes the construct form (שני ימים,
 * שתי שעות), while 2 inside a compound number does not (עשרים ושתיים שעות). In a range (3-4 ימים) both ends
 * agree with the noun and keep their absolute form (שניים-שלושה ימים), as in speech. The noun is left as written;
 * an abbreviated unit (ק"מ, דק') is spelled out in the form the number needs (see {@link Unit}).
 *
 * <p>A day of the month before לחודש / בחודש stands for יום, so it is masculine (בשלושה לחודש).
 */
final class CountedNumbers {
  private static final Pattern COUNTED = Pattern.compile("(" + Numerals.INTEGER + ")(?:(" + Patterns.SPACES + "*[-–]"
      + Patterns.SPACES + "*)(" + Numerals.INTEGER + "))?(" + Patterns.SPACES + "*)(" + Patterns.HEBREW_LETTER + "+)((?:"
      + Patterns.GERSHAYIM + Patterns.HEBREW_LETTER + "+|" + Patterns.GERESH + ")?)(?!\\p{L})");
  private static final Map<String, Unit> ABBREVIATED_UNITS = Map.of(
      "ק\"מ", Unit.KILOMETRE, "ס\"מ", Unit.CENTIMETRE, "מ\"ר", Unit.SQUARE_METRE, "ק\"ג", Unit.KILOGRAM, "דק'", Unit.MINUTE);
  private static final Set<String> DAY_OF_MONTH = Set.of("לחודש", "בחודש");

  private CountedNumbers() {}

  static Spoken read(String text, int at, Context context) {
    Matcher counted = Patterns.lookingAt(COUNTED, text, at);
    if (counted == null) {
      return null;
    }
    long first = Numerals.value(counted.group(1));
    long last = counted.group(3) == null ? first : Numerals.value(counted.group(3));
    if (first < 0 || last < 0) {
      return null;
    }
    boolean range = counted.group(3) != null;
    String rangeSeparator = counted.group(2);
    String spacing = counted.group(4).isEmpty() ? " " : counted.group(4);
    String letters = counted.group(5);
    String marks = counted.group(6);

    Unit unit = marks.isEmpty() ? null : ABBREVIATED_UNITS.get(Patterns.withAsciiMarks(letters + marks));
    if (unit != null) {
      String words = range
          ? HebrewNumbers.cardinal(first, unit.gender()) + rangeSeparator + HebrewNumbers.cardinal(last, unit.gender())
              + " " + unit.nounAfter(last)
          : unit.count(first);
      return new Spoken(counted.end(), words);
    }

    int end = counted.end(5);
    CountedNouns.Noun noun = CountedNouns.lookup(letters);
    if (noun == null) {
      if (!range && !context.definite() && DAY_OF_MONTH.contains(letters)) {
        return new Spoken(end, HebrewNumbers.cardinal(first, Gender.MASCULINE) + spacing + letters);
      }
      return null;
    }
    Gender gender = noun.gender();
    if (range) {
      return new Spoken(end, HebrewNumbers.cardinal(first, gender) + rangeSeparator + HebrewNumbers.cardinal(last, gender)
          + spacing + letters);
    }
    if (first == 1 && noun.singular() && !context.definite()) {
      return new Spoken(end, letters + " " + HebrewNumbers.one(gender));
    }
    return new Spoken(end, HebrewNumbers.beforeNoun(first, gender) + spacing + letters);
  }
}
