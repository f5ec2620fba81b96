package com.voiceagent.dialog.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.dialog.engine.Message;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferSummaryTest {

  @Test
  void theCallersRequestsAndTheAgentsAnswersAreListedInOrderWithoutTheGreeting() {
    String summary = TransferSummary.of(List.of(
        Message.agent("שלום, הגעתם למספרת דנה. במה אפשר לעזור?", 0, false),
        Message.caller("מה שעות הפתיחה?", 1),
        Message.agent("אנחנו פתוחים ראשון עד חמישי.", 1, false),
        Message.caller("אפשר נציג?", 2),
        Message.agent("אני מעבירה אתכם לנציג, רק רגע.", 2, false)));

    assertThat(summary).isEqualTo("""
        הלקוח: מה שעות הפתיחה?
        הבוט: אנחנו פתוחים ראשון עד חמישי.
        הלקוח: אפשר נציג?
        הבוט: אני מעבירה אתכם לנציג, רק רגע.""");
  }

  @Test
  void aCallerWhoAskedForAPersonBeforeSayingAnythingIsSaidSo() {
    assertThat(TransferSummary.of(List.of(Message.agent("שלום", 0, false)))).isEqualTo(TransferSummary.NOTHING_SAID);
    assertThat(TransferSummary.of(List.of())).isEqualTo(TransferSummary.NOTHING_SAID);
  }

  @Test
  void longConversationsKeepTheLatestLinesWithinTheLimit() {
    List<Message> messages = new ArrayList<>();
    for (int turn = 1; turn <= 40; turn++) {
      messages.add(Message.caller("שאלה מספר " + turn + " על התור שלי ועל המחירים של תספורת וצבע", turn));
      messages.add(Message.agent("תשובה מספר " + turn + " עם כל הפרטים שביקשת על התור והמחירים", turn, false));
    }

    String summary = TransferSummary.of(messages);

    assertThat(summary.length()).isLessThanOrEqualTo(TransferSummary.MAX_CHARS + 2);
    assertThat(summary).startsWith("…\n").endsWith("הבוט: תשובה מספר 40 עם כל הפרטים שביקשת על התור והמחירים")
        .doesNotContain("שאלה מספר 1 ");
  }

  @Test
  void aVeryLongMessageIsCutToOneLine() {
    String summary = TransferSummary.of(List.of(Message.caller("מילה ".repeat(100), 1)));
    assertThat(summary).hasSizeLessThanOrEqualTo(TransferSummary.MAX_LINE).endsWith("…").doesNotContain("\n");
  }

  @Test
  void identityAndCardNumbersKeepOnlyTheirLastThreeDigits() {
    String summary = TransferSummary.of(List.of(Message.caller("תעודת זהות 123456782 [מקשים: 123456782#]", 1),
        Message.agent("קיבלתי, 123456782. התור ב-9:30 בחדר 12", 1, false)));
    assertThat(summary).doesNotContain("123456782").contains("******782").contains("9:30").contains("12");
  }

  @Test
  void theCallersNumberShowsOnlyItsLastFourDigits() {
    assertThat(TransferSummary.maskedNumber("+972501234567")).isEqualTo("***4567");
    assertThat(TransferSummary.maskedNumber("anonymous")).isEmpty();
    assertThat(TransferSummary.maskedNumber(null)).isEmpty();
  }
}
