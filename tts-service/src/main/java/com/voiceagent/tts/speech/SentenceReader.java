package com.voiceagent.tts.speech;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks the text once, left to right, and replaces each token a rule recognises with its spoken words;
 * everything else (Hebrew and Latin words, punctuation, spacing) is copied as it is.
 *
 * <p>Why this order of rules: the more specific shape wins. A phone number is also a run of digits with
 * hyphens, a price or a percentage also starts with a number, a date contains numbers, and so on; the plain
 * number comes last, and it always matches a digit, which is what guarantees that no digit is left.
 *
 * <p>Why prefix letters are handled here: Hebrew writes ו ה ב כ ל מ ש attached to the next word, and in front of
 * a number usually with a hyphen or maqaf (ב-3, ב־3, ב3). The letters stay in front of the first spoken word
 * (בשלוש, בתשע וחצי) and the hyphen goes, since the two are one word when spoken. A ה among them makes the
 * number definite, which {@link Ordinals} reads as an ordinal.
 */
final class SentenceReader {
  private static final List<Rule> WORD_RULES = List.of(Weekdays::read, IdNumbers::read, Abbreviations::read);
  private static final List<Rule> NUMBER_RULES = List.of(PhoneNumbers::read, Prices::read, Percentages::read,
      CalendarDates::read, ClockTimes::read, CountedNumbers::read, Decimals::read, Ordinals::read, PlainNumbers::read);
  private static final Pattern ATTACHED_PREFIX = Pattern.compile("(" + Patterns.PREFIX_LETTERS
      + "{1,3})[-\u05BE\u2013]?(?=[0-9+*₪$€])");

  private final Gender defaultGender;

  SentenceReader(Gender defaultGender) {
    this.defaultGender = defaultGender;
  }

  String read(String text) {
    StringBuilder out = new StringBuilder(text.length() + text.length() / 2);
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      Spoken spoken = null;
      if (isHebrewLetter(c) && startsWord(text, i)) {
        spoken = first(WORD_RULES, text, i, new Context(defaultGender, false, Gender.MASCULINE));
        if (spoken == null) {
          spoken = prefixedNumber(text, i);
        }
      } else if (startsNumber(c)) {
        spoken = first(NUMBER_RULES, text, i, new Context(defaultGender, false, Gender.MASCULINE));
        if (spoken != null && i > 0 && Character.isLetter(text.charAt(i - 1))) {
          // Digits glued to a word that is not a prefix (COVID19, שלום3): the number is a word of its own.
          out.append(' ');
        }
      }
      if (spoken == null) {
        out.append(c);
        i++;
        continue;
      }
      out.append(spoken.words());
      if (spoken.end() < text.length() && Character.isLetter(text.charAt(spoken.end()))) {
        out.append(' ');
      }
      i = spoken.end();
    }
    return out.toString();
  }

  private Spoken prefixedNumber(String text, int at) {
    Matcher prefix = Patterns.lookingAt(ATTACHED_PREFIX, text, at);
    if (prefix == null) {
      return null;
    }
    String letters = prefix.group(1);
    boolean definite = letters.charAt(letters.length() - 1) == 'ה';
    Gender ordinalGender = definite ? genderOfWordBefore(text, at) : Gender.MASCULINE;
    Spoken number = first(NUMBER_RULES, text, prefix.end(), new Context(defaultGender, definite, ordinalGender));
    return number == null ? null : new Spoken(number.end(), letters + number.words());
  }

  /** The gender of the noun just before position at (הפעם ה-2), masculine when it is not a known noun. */
  private static Gender genderOfWordBefore(String text, int at) {
    int end = at;
    while (end > 0 && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\u00A0')) {
      end--;
    }
    int start = end;
    while (start > 0 && isHebrewLetter(text.charAt(start - 1))) {
      start--;
    }
    Gender gender = start < end ? CountedNouns.genderOfPrefixedWord(text.substring(start, end)) : null;
    return gender == null ? Gender.MASCULINE : gender;
  }

  private static Spoken first(List<Rule> rules, String text, int at, Context context) {
    for (Rule rule : rules) {
      Spoken spoken = rule.read(text, at, context);
      if (spoken != null) {
        return spoken;
      }
    }
    return null;
  }

  /** At the start of a word: not inside one, and not right after the gershayim or geresh of an abbreviation. */
  private static boolean startsWord(String text, int i) {
    if (i == 0) {
      return true;
    }
    char before = text.charAt(i - 1);
    if (Character.isLetterOrDigit(before)) {
      return false;
    }
    return !(Patterns.isGereshOrGershayim(before) && i >= 2 && Character.isLetter(text.charAt(i - 2)));
  }

  private static boolean startsNumber(char c) {
    return Patterns.isAsciiDigit(c) || c == '+' || c == '*' || c == '₪' || c == '$' || c == '€';
  }

  private static boolean isHebrewLetter(char c) {
    return c >= '\u05D0' && c <= '\u05EA';
  }
}
