package com.voiceagent.stt.transcribe;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Recognises what Whisper invents on noise or near-silence ("תודה רבה.", "Thanks for watching",
 * subtitle credits): such text would make the agent answer something the caller never said.
 *
 * <p>Texts are compared after normalisation (Unicode NFKC, lower case, Hebrew points removed,
 * punctuation and symbols dropped, spaces collapsed). A phrase ending in {@code *} matches any text that
 * starts with it. A text that is only punctuation ("...") is always a filler.
 */
final class HallucinationFilter {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}\\p{Cf}]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private final List<String> exact;
  private final List<String> prefixes;

  HallucinationFilter(List<String> phrases) {
    Objects.requireNonNull(phrases, "phrases");
    this.exact = phrases.stream().filter(p -> !p.strip().endsWith("*")).map(HallucinationFilter::normalize)
        .filter(p -> !p.isEmpty()).toList();
    this.prefixes = phrases.stream().filter(p -> p.strip().endsWith("*"))
        .map(p -> normalize(p.strip().substring(0, p.strip().length() - 1))).filter(p -> !p.isEmpty()).toList();
  }

  boolean isFiller(String text) {
    String normalized = normalize(text);
    return normalized.isEmpty()
        || exact.contains(normalized)
        || prefixes.stream().anyMatch(p -> normalized.equals(p) || normalized.startsWith(p + " "));
  }

  static String normalize(String text) {
    String s = Normalizer.normalize(Objects.requireNonNull(text, "text"), Normalizer.Form.NFKD);
    s = MARKS.matcher(s).replaceAll("");
    s = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    s = PUNCTUATION.matcher(s).replaceAll(" ");
    return SPACES.matcher(s).replaceAll(" ").strip();
  }
}
