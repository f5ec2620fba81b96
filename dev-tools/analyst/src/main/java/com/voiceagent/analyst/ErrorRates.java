package com.voiceagent.analyst;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.commons.text.similarity.SimilarityInput;

/**
 * Word and character error rates of a transcript B against a reference A: the edit distance (substitutions,
 * insertions, deletions; commons-text's Levenshtein) over words or characters, divided by the reference's
 * length. Both are compared as a person reads them: punctuation dropped, case folded, spaces collapsed.
 */
final class ErrorRates {
  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

  private ErrorRates() {}

  /** Punctuation out, case folded, one space between words. */
  static String normalized(String text) {
    return text.replaceAll("\\p{P}+", " ").toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
  }

  static double wordErrorRate(String reference, String hypothesis) {
    List<String> ref = words(reference);
    List<String> hyp = words(hypothesis);
    int distance = DISTANCE.apply(over(ref), over(hyp));
    return ref.isEmpty() ? (hyp.isEmpty() ? 0 : 1) : (double) distance / ref.size();
  }

  static double characterErrorRate(String reference, String hypothesis) {
    String ref = normalized(reference);
    String hyp = normalized(hypothesis);
    int distance = DISTANCE.apply(ref, hyp);
    return ref.isEmpty() ? (hyp.isEmpty() ? 0 : 1) : (double) distance / ref.length();
  }

  private static List<String> words(String text) {
    String n = normalized(text);
    return n.isEmpty() ? List.of() : Arrays.asList(n.split(" "));
  }

  private static SimilarityInput<String> over(List<String> words) {
    return new SimilarityInput<>() {
      @Override
      public String at(int index) {
        return words.get(index);
      }

      @Override
      public int length() {
        return words.size();
      }
    };
  }
}
