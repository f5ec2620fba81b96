package com.voiceagent.dialog.speech;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Decides, without an LLM, that the caller is saying goodbye. Whole words only, on normalized text, so
 * "ביי" matches "תודה, ביי!" and "וביי" but not a word that merely contains it. "סגור" is deliberately not
 * a goodbye: in Israeli Hebrew it mostly means "OK, agreed", and hanging up on it would end calls that
 * are going well.
 */
public final class HangupWords {
  private static final Pattern NIQQUD = Pattern.compile("[\\u0591-\\u05C7]");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private final List<String> keywords;

  public HangupWords(List<String> keywords) {
    Objects.requireNonNull(keywords, "keywords");
    this.keywords = keywords.stream().map(HangupWords::normalize).filter(k -> !k.isBlank()).toList();
  }

  public boolean isGoodbye(String utterance) {
    if (utterance == null || utterance.isBlank()) {
      return false;
    }
    String text = " " + normalize(utterance) + " ";
    for (String keyword : keywords) {
      // Hebrew glues "and" to the next word: "תודה וביי".
      if (text.contains(" " + keyword + " ") || text.contains(" ו" + keyword + " ")) {
        return true;
      }
    }
    return false;
  }

  static String normalize(String text) {
    String s = NIQQUD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("");
    return NOT_WORD.matcher(s).replaceAll(" ").strip();
  }
}
