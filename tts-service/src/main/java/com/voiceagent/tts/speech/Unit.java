package com.voiceagent.tts.speech;

/**
 * Units written as a symbol or an abbreviation (₪, %, ק"מ), which the reader has to spell out in full.
 *
 * <p>Why three plural rules: the general rule puts the plural after 2 and up (שלושה שקלים, and the spoken
 * sentence "120 ש"ח" is מאה ועשרים שקלים). Nouns of measure keep the traditional singular after 11 and up
 * (חמישים אחוז, מאה קילומטר) but take the plural after 2-10 (שלושה אחוזים). Foreign currencies are said
 * in the singular whatever the number (חמישה דולר, עשרה יורו).
 */
enum Unit {
  SHEKEL("שקל", "שקלים", Gender.MASCULINE, Plural.FROM_TWO),
  AGORA("אגורה", "אגורות", Gender.FEMININE, Plural.FROM_TWO),
  DOLLAR("דולר", "דולר", Gender.MASCULINE, Plural.NEVER),
  EURO("יורו", "יורו", Gender.MASCULINE, Plural.NEVER),
  CENT("סנט", "סנט", Gender.MASCULINE, Plural.NEVER),
  PERCENT("אחוז", "אחוזים", Gender.MASCULINE, Plural.TWO_TO_TEN),
  KILOMETRE("קילומטר", "קילומטרים", Gender.MASCULINE, Plural.TWO_TO_TEN),
  CENTIMETRE("סנטימטר", "סנטימטרים", Gender.MASCULINE, Plural.TWO_TO_TEN),
  SQUARE_METRE("מטר רבוע", "מטרים רבועים", Gender.MASCULINE, Plural.TWO_TO_TEN),
  KILOGRAM("קילוגרם", "קילוגרמים", Gender.MASCULINE, Plural.TWO_TO_TEN),
  MINUTE("דקה", "דקות", Gender.FEMININE, Plural.FROM_TWO);

  private enum Plural { FROM_TWO, TWO_TO_TEN, NEVER }

  private final String singular;
  private final String plural;
  private final Gender gender;
  private final Plural rule;

  Unit(String singular, String plural, Gender gender, Plural rule) {
    this.singular = singular;
    this.plural = plural;
    this.gender = gender;
    this.rule = rule;
  }

  Gender gender() {
    return gender;
  }

  /** n of this unit: "one" follows the noun (שקל אחד), 2 is the construct (שני שקלים), else number + noun. */
  String count(long n) {
    if (n == 1) {
      return singular + " " + HebrewNumbers.one(gender);
    }
    return HebrewNumbers.beforeNoun(n, gender) + " " + nounAfter(n);
  }

  /** The noun after a number that is not a whole count (2.5 אחוז): the singular, as with a quantity. */
  String afterFraction() {
    return singular;
  }

  /** The form of the noun after the number n (for a range, after its upper end). */
  String nounAfter(long n) {
    boolean pluralForm = switch (rule) {
      case FROM_TWO -> n != 1;
      case TWO_TO_TEN -> n >= 2 && n <= 10;
      case NEVER -> false;
    };
    return pluralForm ? plural : singular;
  }
}
