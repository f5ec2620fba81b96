package com.voiceagent.tts.speech;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Regular-expression helpers shared by the rules. */
final class Patterns {
  /** A Hebrew letter (alef to tav, final forms included). */
  static final String HEBREW_LETTER = "[\\u05D0-\\u05EA]";
  /** Gershayim as typed: ASCII quote, Hebrew gershayim (U+05F4) or a word processor's right double quote. */
  static final String GERSHAYIM = "[\"\\u05F4\\u201D]";
  /** Geresh as typed: ASCII apostrophe, Hebrew geresh (U+05F3) or a word processor's right single quote. */
  static final String GERESH = "['\\u05F3\\u2019]";
  /** Spaces inside one token (between a number and its unit); never a line break. */
  static final String SPACES = "[ \\t\\u00A0]";
  /** Letters that attach to the front of a word: ו ה ב כ ל מ ש. */
  static final String PREFIX_LETTERS = "[ובלמהכש]";

  private Patterns() {}

  /** Matches {@code pattern} starting exactly at {@code from}; look-behind may see the text before it. */
  static Matcher lookingAt(Pattern pattern, String text, int from) {
    Matcher matcher = pattern.matcher(text);
    matcher.region(from, text.length());
    matcher.useTransparentBounds(true);
    matcher.useAnchoringBounds(false);
    return matcher.lookingAt() ? matcher : null;
  }

  /** Gershayim and geresh in whichever form they were typed, made the ASCII " and ' (to look a word up). */
  static String withAsciiMarks(String written) {
    return written.replaceAll(GERSHAYIM, "\"").replaceAll(GERESH, "'");
  }

  static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isGereshOrGershayim(char c) {
    return c == '\'' || c == '"' || c == '\u05F3' || c == '\u05F4' || c == '\u2019' || c == '\u201D';
  }
}
