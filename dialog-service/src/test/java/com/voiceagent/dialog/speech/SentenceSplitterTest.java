package com.voiceagent.dialog.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {

  private static List<String> streamed(int minChars, String... deltas) {
    SentenceSplitter splitter = new SentenceSplitter(minChars);
    List<String> out = new ArrayList<>();
    for (String delta : deltas) {
      out.addAll(splitter.feed(delta));
    }
    String rest = splitter.flush();
    if (!rest.isEmpty()) {
      out.add(rest);
    }
    return out;
  }

  @Test
  void hebrewSentencesSplitAtPeriodQuestionAndExclamationMarks() {
    assertThat(SentenceSplitter.split("שלום לכם! אנחנו פתוחים עד שבע. מה עוד תרצו לדעת?", 0))
        .containsExactly("שלום לכם!", "אנחנו פתוחים עד שבע.", "מה עוד תרצו לדעת?");
  }

  @Test
  void aSentenceIsReleasedOnlyOnceTheNextOneBegins() {
    SentenceSplitter splitter = new SentenceSplitter(0);
    assertThat(splitter.feed("אנחנו פתוחים עד שבע.")).isEmpty();
    assertThat(splitter.feed(" ")).isEmpty();
    assertThat(splitter.feed("ב")).containsExactly("אנחנו פתוחים עד שבע.");
    assertThat(splitter.feed("שישי עד שתיים.")).isEmpty();
    assertThat(splitter.flush()).isEqualTo("בשישי עד שתיים.");
  }

  @Test
  void decimalsTimesAndAbbreviationsDoNotEndASentence() {
    assertThat(SentenceSplitter.split("המחיר הוא 3.5 שקלים לדקה. Dr. Cohen will call at 10.30 today. ד\"ר. לוי מקבל בבוקר.", 0))
        .containsExactly("המחיר הוא 3.5 שקלים לדקה.", "Dr. Cohen will call at 10.30 today.", "ד\"ר. לוי מקבל בבוקר.");
  }

  @Test
  void aDecimalSplitAcrossTwoDeltasStaysWhole() {
    assertThat(streamed(0, "זה עולה 3", ".", "5 שקלים. תודה", " רבה.")).containsExactly("זה עולה 3.5 שקלים.", "תודה רבה.");
  }

  @Test
  void ellipsisAndNewlinesEndSentences() {
    assertThat(SentenceSplitter.split("רגע אחד… אני בודקת\nהנה התשובה", 0))
        .containsExactly("רגע אחד…", "אני בודקת", "הנה התשובה");
  }

  @Test
  void tinyFragmentsMergeWithTheNextSentence() {
    assertThat(SentenceSplitter.split("כן. בטח שאפשר לקבוע תור. אוקיי!", 10))
        .containsExactly("כן. בטח שאפשר לקבוע תור.", "אוקיי!");
  }

  @Test
  void quotesAfterTheTerminatorStayWithTheSentence() {
    assertThat(SentenceSplitter.split("היא אמרה \"שלום.\" ואז הלכה.", 0)).containsExactly("היא אמרה \"שלום.\"", "ואז הלכה.");
  }

  @Test
  void anEagerSplitterReleasesASentenceAsSoonAsItsTerminatorArrives() {
    SentenceSplitter splitter = new SentenceSplitter(0, true);
    assertThat(splitter.feed("אנחנו פתוחים עד שבע.")).containsExactly("אנחנו פתוחים עד שבע.");
    assertThat(splitter.feed(" מה עוד")).isEmpty();
    assertThat(splitter.feed(" תרצו לדעת?")).containsExactly("מה עוד תרצו לדעת?");
    assertThat(splitter.flush()).isEmpty();
  }

  @Test
  void anEagerSplitterStillWaitsWhenTheTerminatorMayContinue() {
    SentenceSplitter splitter = new SentenceSplitter(0, true);
    assertThat(splitter.feed("המחיר הוא 3.")).isEmpty(); // "3.5" may follow
    assertThat(splitter.feed("5 שקלים. ד\"ר.")).containsExactly("המחיר הוא 3.5 שקלים.");
    assertThat(splitter.feed(" לוי מקבל בבוקר")).isEmpty(); // "ד"ר." is an abbreviation, not an end
    assertThat(splitter.feed(". J.")).containsExactly("ד\"ר. לוי מקבל בבוקר.");
    assertThat(splitter.feed(" Smith!")).containsExactly("J. Smith!");
    assertThat(splitter.feed("רגע.")).containsExactly("רגע.");
    assertThat(splitter.feed("..")).isEmpty();
  }

  @Test
  void anEagerSplitterReleasesASentenceWhoseTerminatorIsFollowedByWhitespace() {
    SentenceSplitter splitter = new SentenceSplitter(0, true);
    assertThat(splitter.feed("אנחנו פתוחים עד 18:00. ")).containsExactly("אנחנו פתוחים עד 18:00.");
    assertThat(splitter.feed("מה עוד תרצו לדעת?\n")).containsExactly("מה עוד תרצו לדעת?");
    assertThat(splitter.feed("ד\"ר. ")).isEmpty(); // an abbreviation still does not end a sentence
    assertThat(splitter.feed("לוי מקבל בבוקר. ")).containsExactly("ד\"ר. לוי מקבל בבוקר.");
    assertThat(splitter.flush()).isEmpty();
  }

  @Test
  void aPatientSplitterWaitsForTheNextSentenceEvenAfterWhitespace() {
    SentenceSplitter splitter = new SentenceSplitter(0);
    assertThat(splitter.feed("אנחנו פתוחים עד שבע. ")).isEmpty();
    assertThat(splitter.feed("מה")).containsExactly("אנחנו פתוחים עד שבע.");
  }

  @Test
  void anEagerSplitterKeepsTheMinimumLength() {
    SentenceSplitter splitter = new SentenceSplitter(10, true);
    assertThat(splitter.feed("כן.")).isEmpty();
    assertThat(splitter.feed(" בטח שאפשר לקבוע תור.")).containsExactly("כן. בטח שאפשר לקבוע תור.");
  }
}
