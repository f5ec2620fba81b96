package com.voiceagent.stt.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.stt.SttProperties;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HallucinationFilterTest {
  private final HallucinationFilter filter = new HallucinationFilter(SttProperties.DEFAULT_FILLERS);

  @ParameterizedTest
  @ValueSource(strings = {"תודה רבה.", "תודה.", "  תודה רבה!  ", "Thank you.", "THANK YOU!", "Thanks for watching!",
      "Thank you for watching.", "כתוביות: עמית כהן", "תודה רבה שצפיתם!", "...", "…", "♪", "Subtitles by the Amara.org community"})
  void knownWhisperInventionsAreFiller(String text) {
    assertThat(filter.isFiller(text)).isTrue();
  }

  @Test
  void hebrewPointsDoNotHideAFiller() {
    assertThat(filter.isFiller("תּוֹדָה רַבָּה.")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"שלום, אני רוצה לקבוע תור", "תודה רבה, אני רוצה לבטל את התור", "מה שעות הפתיחה?",
      "כן", "thank you very much for the help"})
  void realSentencesAreNotFiller(String text) {
    assertThat(filter.isFiller(text)).isFalse();
  }

  @Test
  void aConfiguredListIsTheOnlyListUsed() {
    HallucinationFilter custom = new HallucinationFilter(List.of("בלה בלה", "קרדיטים*"));
    assertThat(custom.isFiller("בלה, בלה.")).isTrue();
    assertThat(custom.isFiller("קרדיטים: צוות")).isTrue();
    assertThat(custom.isFiller("תודה רבה.")).isFalse();
  }
}
