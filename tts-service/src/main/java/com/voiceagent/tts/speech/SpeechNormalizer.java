package com.voiceagent.tts.speech;

import java.util.Objects;

/**
 * Rewrites Hebrew text so that a text-to-speech voice reads it as a Hebrew speaker would: numbers in words with
 * the right gender, times, dates, prices, percentages, phone and ID numbers, common abbreviations.
 *
 * <p>Why it exists: generic voices read digits without knowing the noun they count, and Hebrew numbers agree
 * in gender with it (שלושה תורים, שלוש שעות); they also read ₪, 9:45 or ת"ז literally or not at all.
 *
 * <p>Defaults: a number whose noun is unknown is read in the feminine, the form Hebrew speakers use to count and
 * to read bare numbers (אחת, שתיים, שלוש); {@link #hebrew(Gender)} chooses the other. Everything it does not
 * recognise, Latin-script words included, is left as written; no ASCII digit is ever left in the result.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class SpeechNormalizer {
  private final SentenceReader reader;

  private SpeechNormalizer(Gender defaultGender) {
    this.reader = new SentenceReader(defaultGender);
  }

  /** The Hebrew normalizer with its defaults (bare numbers in the feminine). */
  public static SpeechNormalizer hebrew() {
    return hebrew(Gender.FEMININE);
  }

  /** The Hebrew normalizer, reading numbers whose noun is unknown in {@code defaultGender}. */
  public static SpeechNormalizer hebrew(Gender defaultGender) {
    return new SpeechNormalizer(Objects.requireNonNull(defaultGender, "defaultGender"));
  }

  /** The text as it should be spoken; never null (null reads as the empty text), never with an ASCII digit. */
  public String forSpeech(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    return reader.read(text);
  }
}
