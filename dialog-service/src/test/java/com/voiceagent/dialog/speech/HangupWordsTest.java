package com.voiceagent.dialog.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HangupWordsTest {
  private final HangupWords words = new HangupWords(List.of("ביי", "להתראות", "נתראה", "bye", "goodbye"));

  @Test
  void goodbyeWordsEndTheCallInHebrewAndEnglish() {
    assertThat(words.isGoodbye("תודה רבה, ביי!")).isTrue();
    assertThat(words.isGoodbye("אוקיי תודה וביי")).isTrue();
    assertThat(words.isGoodbye("להתראות")).isTrue();
    assertThat(words.isGoodbye("OK, Bye.")).isTrue();
  }

  @Test
  void sagurMeansOkAndDoesNotHangUp() {
    assertThat(words.isGoodbye("סגור, תודה")).isFalse();
  }

  @Test
  void aKeywordInsideAnotherWordDoesNotHangUp() {
    assertThat(words.isGoodbye("byebye-service is a brand")).isFalse();
    assertThat(words.isGoodbye("מה השעות?")).isFalse();
    assertThat(words.isGoodbye("")).isFalse();
  }
}
