package com.voiceagent.dialog.keypad;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The digits of a number the caller gave, keyed in or spoken. Keys are exact: {@code #} ends the entry and
 * {@code *} is not a digit. Speech arrives as the transcript, where the engine writes digits ("1 2 3") or Hebrew
 * digit words ("אחת שתיים שלוש", also with the prefix ו: "ושלוש"); both are read in order.
 */
public final class Digits {
  private static final Map<String, Character> WORDS = Map.ofEntries(
      Map.entry("אפס", '0'), Map.entry("אחת", '1'), Map.entry("אחד", '1'), Map.entry("שתיים", '2'),
      Map.entry("שתים", '2'), Map.entry("שניים", '2'), Map.entry("שנים", '2'), Map.entry("שלוש", '3'),
      Map.entry("שלושה", '3'), Map.entry("ארבע", '4'), Map.entry("ארבעה", '4'), Map.entry("חמש", '5'),
      Map.entry("חמישה", '5'), Map.entry("שש", '6'), Map.entry("שישה", '6'), Map.entry("שבע", '7'),
      Map.entry("שבעה", '7'), Map.entry("שמונה", '8'), Map.entry("תשע", '9'), Map.entry("תשעה", '9'),
      Map.entry("zero", '0'), Map.entry("one", '1'), Map.entry("two", '2'), Map.entry("three", '3'),
      Map.entry("four", '4'), Map.entry("five", '5'), Map.entry("six", '6'), Map.entry("seven", '7'),
      Map.entry("eight", '8'), Map.entry("nine", '9'));
  private static final Pattern TOKEN = Pattern.compile("[0-9]|[\\p{L}]+");

  private Digits() {}

  /** The digits keyed in, without {@code #} and {@code *}. */
  public static String ofKeys(String keypad) {
    return keypad == null ? "" : keypad.replaceAll("[^0-9]", "");
  }

  /** The digits said, in order; empty when the words hold none. Other words are skipped ("המספר הוא ..."). */
  public static String ofSpeech(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder digits = new StringBuilder();
    Matcher token = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
    while (token.find()) {
      String t = token.group();
      if (Character.isDigit(t.charAt(0))) {
        digits.append(t);
        continue;
      }
      Character word = WORDS.get(t);
      if (word == null && t.length() > 2 && t.charAt(0) == 'ו') {
        word = WORDS.get(t.substring(1));
      }
      if (word != null) {
        digits.append(word.charValue());
      }
    }
    return digits.toString();
  }
}
