package com.voiceagent.tts.speech;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Common written abbreviations, spelled out: ת"ז, בע"מ, מס', וכו', ד"ר, עו"ד, רח', ק"מ, ע"י, בי"ס, ביה"ח...
 *
 * <p>Why: a voice reads ד"ר letter by letter or not at all; a Hebrew reader silently expands it. Hebrew marks
 * an abbreviation with gershayim before its last letter (ד"ר) and a shortened word with a geresh at its end
 * (מס'); people type the ASCII quote and apostrophe as often as the Hebrew marks, so all are accepted. An
 * abbreviation may carry attached prefix letters (ברח', לד"ר), which are kept in front of the expansion.
 */
final class Abbreviations {
  /** In the keys, " stands for any gershayim and ' for any geresh (see {@link Patterns}). */
  private static final Map<String, String> EXPANSIONS = new LinkedHashMap<>();

  static {
    EXPANSIONS.put("ת\"ז", "תעודת זהות");
    EXPANSIONS.put("ת.ז.", "תעודת זהות");
    EXPANSIONS.put("בע\"מ", "בעירבון מוגבל");
    EXPANSIONS.put("מס'", "מספר");
    EXPANSIONS.put("וכו'", "וכולי");
    EXPANSIONS.put("ד\"ר", "דוקטור");
    EXPANSIONS.put("עו\"ד", "עורך דין");
    EXPANSIONS.put("רח'", "רחוב");
    EXPANSIONS.put("ש\"ח", "שקלים");
    EXPANSIONS.put("ק\"מ", "קילומטר");
    EXPANSIONS.put("ס\"מ", "סנטימטר");
    EXPANSIONS.put("מ\"ר", "מטר רבוע");
    EXPANSIONS.put("ק\"ג", "קילוגרם");
    EXPANSIONS.put("ע\"י", "על ידי");
    EXPANSIONS.put("בי\"ס", "בית ספר");
    EXPANSIONS.put("ביה\"ס", "בית הספר");
    EXPANSIONS.put("ביה\"ח", "בית החולים");
    EXPANSIONS.put("סה\"כ", "סך הכול");
    EXPANSIONS.put("טל'", "טלפון");
    EXPANSIONS.put("גב'", "גברת");
    EXPANSIONS.put("דק'", "דקות");
  }

  /** Longest first, so that ביה"ח is not read as a prefix ב and something else. */
  private static final Pattern ABBREVIATION = Pattern.compile("(" + Patterns.PREFIX_LETTERS + "{0,2}?)("
      + EXPANSIONS.keySet().stream().sorted(Comparator.comparingInt(String::length).reversed())
          .map(Abbreviations::regex).collect(Collectors.joining("|"))
      + ")(?!\\p{L})");

  private Abbreviations() {}

  static Spoken read(String text, int at, Context context) {
    Matcher abbreviation = Patterns.lookingAt(ABBREVIATION, text, at);
    if (abbreviation == null) {
      return null;
    }
    return new Spoken(abbreviation.end(), abbreviation.group(1) + EXPANSIONS.get(Patterns.withAsciiMarks(abbreviation.group(2))));
  }

  private static String regex(String key) {
    StringBuilder regex = new StringBuilder();
    for (char c : key.toCharArray()) {
      switch (c) {
        case '"' -> regex.append(Patterns.GERSHAYIM);
        case '\'' -> regex.append(Patterns.GERESH);
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }
}
