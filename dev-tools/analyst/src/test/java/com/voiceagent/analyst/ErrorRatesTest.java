package com.voiceagent.analyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Error rates worked out by hand. */
class ErrorRatesTest {

  @Test
  void wordErrorRateCountsSubstitutionsInsertionsAndDeletionsOverTheReferenceWords() {
    // "the cat sat on the mat" -> "the cat sit on mat": sat->sit, "the" deleted: 2 of 6.
    assertThat(ErrorRates.wordErrorRate("the cat sat on the mat", "the cat sit on mat")).isCloseTo(2 / 6.0, within(1e-9));
    // one word inserted into a three-word reference: 1 of 3.
    assertThat(ErrorRates.wordErrorRate("מה שעות הפתיחה", "מה הן שעות הפתיחה")).isCloseTo(1 / 3.0, within(1e-9));
  }

  @Test
  void punctuationAndCaseDoNotCountAsErrors() {
    assertThat(ErrorRates.wordErrorRate("Hello, World!", "hello world")).isZero();
    assertThat(ErrorRates.characterErrorRate("מה שעות הפתיחה?", "מה  שעות הפתיחה")).isZero();
  }

  @Test
  void characterErrorRateIsOverTheReferencesCharacters() {
    // "abcd" -> "abed": one substitution of four characters.
    assertThat(ErrorRates.characterErrorRate("abcd", "abed")).isEqualTo(0.25);
  }

  @Test
  void anEmptyReferenceIsAllErrorUnlessBothAreEmpty() {
    assertThat(ErrorRates.wordErrorRate("", "")).isZero();
    assertThat(ErrorRates.wordErrorRate("", "something")).isEqualTo(1);
  }
}
