package com.voiceagent.dialog.keypad;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigitsTest {

  @Test
  void keysLoseTheHashThatEndedThemAndTheStar() {
    assertThat(Digits.ofKeys("12*3#")).isEqualTo("123");
    assertThat(Digits.ofKeys("#")).isEmpty();
  }

  @Test
  void spokenDigitsAreReadFromNumeralsAndHebrewWordsInOrder() {
    assertThat(Digits.ofSpeech("המספר הוא 1 2 3")).isEqualTo("123");
    assertThat(Digits.ofSpeech("אפס שלוש תשע, שלוש שלוש שבע, ארבע שתיים ושלוש")).isEqualTo("039337423");
    assertThat(Digits.ofSpeech("123456782")).isEqualTo("123456782");
  }

  @Test
  void wordsWithoutDigitsGiveNone() {
    assertThat(Digits.ofSpeech("מה שעות הפתיחה?")).isEmpty();
  }
}
