package com.voiceagent.dialog.speech;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpeechTextTest {

  @Test
  void emojiAreStripped() {
    assertThat(SpeechText.prepare("שלום 😊 ברוכים הבאים 👍🏽! ❤️")).isEqualTo("שלום ברוכים הבאים!");
  }

  @Test
  void urlsAreRemovedAndMarkdownLinksKeepTheirText() {
    assertThat(SpeechText.prepare("פרטים באתר https://example.com/he?a=1 או [בדף שלנו](https://x.co/p) ובכתובת www.example.co.il"))
        .isEqualTo("פרטים באתר או בדף שלנו ובכתובת");
  }

  @Test
  void markdownEmphasisHeadingsBulletsAndBackticksAreRemoved() {
    assertThat(SpeechText.prepare("## שעות\n- **ראשון** עד _חמישי_: `9-19`\n1. שישי: 9-14"))
        .isEqualTo("שעות ראשון עד חמישי: 9-19 שישי: 9-14");
  }

  @Test
  void plainHebrewIsUnchanged() {
    assertThat(SpeechText.prepare("אנחנו ברחוב הרצל 12, תל אביב.")).isEqualTo("אנחנו ברחוב הרצל 12, תל אביב.");
  }

  @Test
  void capCutsAtAWordBoundaryAndMarksTheCut() {
    assertThat(SpeechText.cap("אחת שתיים שלוש ארבע", 12)).isEqualTo("אחת שתיים…");
    assertThat(SpeechText.cap("קצר", 12)).isEqualTo("קצר");
  }
}
