package com.voiceagent.tts.speech;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the text, the voice gets no digit to guess at, and text with nothing to read is left alone. */
class SpeechNormalizerPropertiesTest {
  private static final String HEBREW_LETTERS = "אבגדהוזחטיכךלמםנןסעפףצץקרשת";
  private final SpeechNormalizer feminine = SpeechNormalizer.hebrew();
  private final SpeechNormalizer masculine = SpeechNormalizer.hebrew(Gender.MASCULINE);

  @Property(tries = 3000)
  void neverLeavesAnAsciiDigitAndNeverThrows(@ForAll("anyText") String text) {
    assertThat(feminine.forSpeech(text)).doesNotContainPattern("[0-9]");
    assertThat(masculine.forSpeech(text)).doesNotContainPattern("[0-9]");
  }

  @Property(tries = 1000)
  void leavesTextWithoutDigitsOrAbbreviationsUnchanged(@ForAll("textWithNothingToRead") String text) {
    assertThat(feminine.forSpeech(text)).isEqualTo(text);
  }

  @Provide
  Arbitrary<String> anyText() {
    Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(80);
    Arbitrary<String> digitRich = Arbitraries.strings()
        .withChars("0123456789")
        .withChars(":/.,-%₪$€+*\"'׳״־– ")
        .withChars(HEBREW_LETTERS)
        .withChars("abcXYZ\u00A0\n")
        .ofMaxLength(60);
    Arbitrary<String> tokens = Arbitraries.of("9:30", "23:59", "24:00", "12/3", "31/12/2025", "12.3.25", "2025-03-12",
        "050-1234567", "+972-50-123-4567", "*2700", "1-800-123-456", "₪", "$", "12.50", "1,200", "1,2000", "50%",
        "ת\"ז", "ת״ז 123456782", "ה-", "ב-", "וה", "ב־", "יום א'", "א'-ה'", "שעות", "ימים", "ק\"מ", "דק'", "COVID-19",
        "999999999", "1000000000", "007", " ", ",", ".", "-", ":", "/");
    Arbitrary<String> tokenSequences = tokens.list().ofMaxSize(12).map(list -> String.join("", list));
    return Arbitraries.oneOf(unicode, digitRich, tokenSequences);
  }

  @Provide
  Arbitrary<String> textWithNothingToRead() {
    return Arbitraries.strings()
        .withChars(HEBREW_LETTERS)
        .withChars("abcdefghijklmnopqrstuvwxyzABC")
        .withChars(" \n\t.,!?:;-()/%₪$€+*@־")
        .ofMaxLength(80)
        .filter(text -> !text.contains("ת.ז"));
  }
}
