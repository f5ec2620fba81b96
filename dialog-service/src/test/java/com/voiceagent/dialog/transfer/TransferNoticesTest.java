package com.voiceagent.dialog.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.dialog.DialogProperties;
import com.voiceagent.dialog.engine.Message;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.OpenAiFixture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The notice a person handed a call receives: its summary from the model, or the deterministic one when it fails. */
class TransferNoticesTest {
  static final String PERSON = "+972501110000";
  static final List<Message> CONVERSATION = List.of(
      Message.agent("שלום, הגעתם למספרת דנה.", 0, false),
      Message.caller("אני רוצה לשנות את התור שלי למחר", 1),
      Message.agent("אני מעבירה אתכם לנציג, רק רגע.", 1, false));
  static final String PARAGRAPH = "הלקוח רוצה להעביר את התור שלו למחר; עדיין לא נקבע מועד חדש.";

  final List<HandOverNotice> published = new CopyOnWriteArrayList<>();
  final Clock clock = Clock.fixed(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC);
  OpenAiFixture openAi;

  @BeforeEach
  void start() throws Exception {
    openAi = OpenAiFixture.start(LatencyModel.instant());
    openAi.otherwiseChat(chat -> chat.stream(PARAGRAPH));
  }

  @AfterEach
  void stop() {
    openAi.close();
  }

  TransferNotices notices(String notifyTo, Optional<ModelSummary> model) {
    return new TransferNotices(notifyTo, callSid -> CONVERSATION, model, published::add, "dialog-1", clock);
  }

  Optional<ModelSummary> model(Duration timeout) {
    return Optional.of(new ModelSummary(
        new DialogProperties.OpenAi("fixture-key", openAi.baseUrl(), "gpt-4o-mini", 0, Duration.ofSeconds(30), 300, 0.4), timeout));
  }

  @Test
  void offlineTheDeterministicSummaryIsPublishedOncePerTransfer() {
    TransferNotices notices = notices(PERSON, Optional.empty());
    notices.callerNumber("CA1", "+972541234567");

    notices.transferred("CA1", 1, "MZ1");

    assertThat(published).singleElement().satisfies(notice -> {
      assertThat(notice.callSid()).isEqualTo("CA1");
      assertThat(notice.transferId()).isEqualTo("MZ1");
      assertThat(notice.turn()).isEqualTo(1);
      assertThat(notice.notifyTo()).isEqualTo(PERSON);
      assertThat(notice.caller()).isEqualTo("***4567");
      assertThat(notice.summary()).isEqualTo("הלקוח: אני רוצה לשנות את התור שלי למחר\nהבוט: אני מעבירה אתכם לנציג, רק רגע.");
      assertThat(notice.summaryEngine()).isEqualTo(TransferNotices.SCRIPTED);
      assertThat(notice.producer()).isEqualTo("dialog-1");
      assertThat(notice.eventTime()).isEqualTo(clock.instant());
    });
  }

  @Test
  void aRedeliveredHandOverIsNotPublishedAgainButTheNextHandOverOfTheSameCallIs() {
    TransferNotices notices = notices(PERSON, Optional.empty());
    notices.transferred("CA2", 1, "MZ1");
    notices.transferred("CA2", 1, "MZ1");
    notices.transferred("CA2", 3, "MZ2"); // nobody answered, the call came back and was handed over again

    assertThat(published).extracting(HandOverNotice::transferId).containsExactly("MZ1", "MZ2");
  }

  @Test
  void withTheModelConfiguredItsParagraphIsSentAndItSeesTheMaskedTranscript() {
    notices(PERSON, model(Duration.ofSeconds(5))).transferred("CA3", 1, "MZ1");

    assertThat(published).singleElement().satisfies(notice -> {
      assertThat(notice.summary()).isEqualTo(PARAGRAPH);
      assertThat(notice.summaryEngine()).isEqualTo(ModelSummary.ENGINE);
    });
    assertThat(openAi.chatRequestContaining("אני רוצה לשנות את התור שלי למחר")).isNotNull();
  }

  @Test
  void aFailingModelFallsBackToTheDeterministicSummary() {
    openAi.failNext(5);
    notices(PERSON, model(Duration.ofSeconds(5))).transferred("CA4", 1, "MZ1");

    assertThat(published).singleElement().satisfies(notice -> {
      assertThat(notice.summary()).startsWith("הלקוח: אני רוצה לשנות את התור שלי למחר");
      assertThat(notice.summaryEngine()).isEqualTo(TransferNotices.SCRIPTED);
    });
  }

  @Test
  void aModelSlowerThanTheSummaryTimeoutFallsBackToTheDeterministicSummary() {
    TransferNotices notices = notices(PERSON, model(Duration.ofMillis(500)));
    notices.transferred("CA5", 1, "MZ-warm"); // loads the SDK's classes, which a cold JVM takes seconds for
    openAi.otherwiseChat(chat -> {
      Thread.sleep(6_000);
      chat.stream(PARAGRAPH);
    });
    long started = System.nanoTime();
    notices.transferred("CA5", 2, "MZ1");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(published).hasSize(2);
    assertThat(published.getLast().summaryEngine()).isEqualTo(TransferNotices.SCRIPTED);
    assertThat(published.getLast().summary()).startsWith("הלקוח: אני רוצה לשנות את התור שלי למחר");
  }

  @Test
  void withoutANumberToNotifyNothingIsPublished() {
    notices("", Optional.empty()).transferred("CA6", 1, "MZ1");
    assertThat(published).isEmpty();
  }
}
