package com.voiceagent.dialog.scripted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.dialog.engine.CancellationToken;
import com.voiceagent.dialog.engine.Conversation;
import com.voiceagent.dialog.engine.SentenceSink;
import com.voiceagent.dialog.speech.HangupWords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptedDialogEngineTest {
  private final Business business = Business.load("classpath:scripted/business.yml");
  private final ScriptedDialogEngine engine = new ScriptedDialogEngine(business,
      new HangupWords(List.of("ביי", "להתראות", "נתראה", "bye", "goodbye")));

  private static final class Recorder implements SentenceSink {
    final List<String> sentences = new ArrayList<>();
    final List<Boolean> lasts = new ArrayList<>();
    String endCall;
    String transfer;

    @Override
    public void transfer(String reason) {
      transfer = reason;
    }

    @Override
    public boolean sentence(String text, boolean last) {
      sentences.add(text);
      lasts.add(last);
      return true;
    }

    @Override
    public void endCall(String reason) {
      endCall = reason;
    }
  }

  private Recorder ask(String text) {
    Recorder recorder = new Recorder();
    engine.reply(new Conversation("CA1", Conversation.Channel.VOICE, List.of()), text, recorder, new CancellationToken());
    return recorder;
  }

  @Test
  void anOutboundCallIsOpenedWithWhoCallsAndWhy() {
    Recorder recorder = new Recorder();
    engine.reply(new Conversation("CA1", Conversation.Channel.VOICE, List.of(), "תזכורת לתור שלך מחר ב-9:30"),
        Conversation.CALL_ANSWERED, recorder, new CancellationToken());
    assertThat(String.join(" ", recorder.sentences)).isEqualTo("שלום, כאן מספרת דנה. תזכורת לתור שלך מחר ב-9:30.");
    assertThat(recorder.lasts.getLast()).isTrue();
  }

  @Test
  void theStageDirectionWithoutAContextIsNotAnOpening() {
    assertThat(String.join(" ", ask(Conversation.CALL_ANSWERED).sentences)).doesNotContain("שלום, כאן");
  }

  @Test
  void openingHoursQuestionsGetTheHours() {
    assertThat(String.join(" ", ask("מתי אתם פתוחים?").sentences)).contains("ראשון עד חמישי");
    assertThat(String.join(" ", ask("מה שעות הפתיחה שלכם").sentences)).contains("ראשון עד חמישי");
  }

  @Test
  void addressQuestionsGetTheAddress() {
    assertThat(String.join(" ", ask("איפה אתם נמצאים?").sentences)).contains("הרצל 12");
    assertThat(String.join(" ", ask("מה הכתובת?").sentences)).contains("הרצל 12");
  }

  @Test
  void priceQuestionsGetThePrices() {
    assertThat(String.join(" ", ask("כמה עולה תספורת גברים?").sentences)).contains("שמונים שקלים");
    assertThat(String.join(" ", ask("מה המחיר של צבע").sentences)).contains("מאתיים");
  }

  @Test
  void bookingRequestsGetTheBookingAnswer() {
    Recorder r = ask("אני רוצה לקבוע תור למחר");
    assertThat(String.join(" ", r.sentences)).contains("לקבוע תור").contains("03-555-1234");
    assertThat(r.lasts).containsExactly(false, false, true);
  }

  @Test
  void anythingElseGetsAPoliteGenericAnswerNamingTheBusiness() {
    Recorder r = ask("יש לכם חניה?");
    assertThat(String.join(" ", r.sentences)).contains("מספרת דנה");
    assertThat(r.lasts.getLast()).isTrue();
    assertThat(r.endCall).isNull();
  }

  @Test
  void aGoodbyeKeywordEndsTheCallWithoutAnAnswer() {
    Recorder r = ask("תודה רבה, ביי");
    assertThat(r.endCall).isNotNull();
    assertThat(r.sentences).isEmpty();
  }

  @Test
  void sagurDoesNotEndTheCall() {
    Recorder r = ask("סגור, תודה");
    assertThat(r.endCall).isNull();
    assertThat(r.sentences).isNotEmpty();
  }

  @Test
  void theBusinessFileRendersPlaceholdersAndPhrases() {
    assertThat(business.goodbyeText()).contains("מספרת דנה").doesNotContain("{name}");
    assertThat(business.repeatText(false)).isEqualTo("סליחה, לא שמעתי טוב. אפשר לחזור על זה?");
    assertThat(business.factsForPrompt()).contains("הרצל 12").contains("03-555-1234");
  }

  @Test
  void aBusinessFileWithoutRequiredFieldsIsRejectedNamingThem(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("b.yml");
    Files.writeString(file, "name: \"x\"\nphrases:\n  repeat: \"r\"\n");
    assertThatThrownBy(() -> Business.load(file.toString()))
        .hasMessageContaining("greeting").hasMessageContaining("phrases.goodbye");
  }

  @Test
  void aMissingBusinessFileIsRejectedNamingTheSetting() {
    assertThatThrownBy(() -> Business.load("/nope/business.yml")).hasMessageContaining("BUSINESS_FILE");
  }
}
