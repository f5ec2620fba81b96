package com.voiceagent.dialog.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.dialog.engine.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationHistoryTest {
  private final List<HistorySnapshot> written = new ArrayList<>();
  private final List<String> tombstones = new ArrayList<>();
  private Instant now = Instant.parse("2026-01-01T10:00:00Z");
  private final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  };
  private final ConversationHistory history = new ConversationHistory(4, "me", clock, written::add, tombstones::add,
      id -> id.startsWith("whatsapp:") ? Duration.ofDays(7) : Duration.ofHours(2));

  @Test
  void eachTurnIsWrittenToTheTopicAsTheWholeBoundedState() {
    history.recordTurn("CA1", 1, "שלום", "שלום, במה אפשר לעזור?");
    history.recordTurn("CA1", 2, "מה השעות?", "עד שבע.");
    history.recordTurn("CA1", 3, "והכתובת?", "הרצל 12.");
    assertThat(history.messages("CA1")).extracting(Message::text)
        .containsExactly("מה השעות?", "עד שבע.", "והכתובת?", "הרצל 12.");
    assertThat(written).hasSize(3);
    assertThat(written.getLast().messages()).hasSize(4);
    assertThat(written.getLast().producer()).isEqualTo("me");
    assertThat(written.getLast().lastTurn()).isEqualTo(3);
  }

  @Test
  void aCancelBeforeTheTurnIsRecordedKeepsOnlyWhatWasHeard() {
    history.recordCancel("CA1", 1, "שלום,");
    history.recordTurn("CA1", 1, "היי", "שלום, במה אפשר לעזור היום?");
    Message agent = history.messages("CA1").getLast();
    assertThat(agent.text()).isEqualTo("שלום,");
    assertThat(agent.interrupted()).isTrue();
  }

  @Test
  void aCancelAfterTheTurnWasRecordedRewritesTheAgentMessage() {
    history.recordTurn("CA1", 1, "היי", "שלום, במה אפשר לעזור היום?");
    history.recordCancel("CA1", 1, "");
    Message agent = history.messages("CA1").getLast();
    assertThat(agent.role()).isEqualTo(Message.Role.AGENT);
    assertThat(agent.text()).isEmpty();
    assertThat(agent.interrupted()).isTrue();
    assertThat(written).hasSize(2);
  }

  @Test
  void itsOwnWritesComingBackAreIgnoredButOtherInstancesReplaceTheLocalCopy() {
    history.recordTurn("CA1", 1, "היי", "שלום.");
    HistorySnapshot mine = written.getLast();
    history.recordTurn("CA1", 2, "ועוד", "כן.");
    history.apply("CA1", mine, false);
    assertThat(history.messages("CA1")).hasSize(4);

    HistorySnapshot other = new HistorySnapshot(mine.conversationId(), mine.lastTurn(), "other", Instant.parse("2026-01-01T11:00:00Z"),
        mine.messages());
    history.apply("CA1", other, false);
    assertThat(history.messages("CA1")).hasSize(2);
    history.apply("CA1", null, false);
    assertThat(history.contains("CA1")).isFalse();
  }

  @Test
  void droppingAConversationWritesATombstone() {
    history.recordTurn("CA1", 1, "היי", "שלום.");
    history.drop("CA1");
    assertThat(history.contains("CA1")).isFalse();
    assertThat(tombstones).containsExactly("CA1");
  }

  @Test
  void aTooSmallBoundIsRejected() {
    assertThatThrownBy(() -> new ConversationHistory(1, "me", Clock.systemUTC(), s -> { }, k -> { }, id -> Duration.ZERO))
        .hasMessage("maxMessages must be >= 2, was 1");
  }

  @Test
  void aForgottenTurnLosesTheCallersAndTheAgentsMessagesAndIsWrittenWithoutThem() {
    history.recordTurn("CA1", 1, "מה השעות?", "עד שבע.");
    history.recordTurn("CA1", 2, "והכתובת", "הרצל 12.");

    history.forgetTurn("CA1", 2);

    assertThat(history.messages("CA1")).extracting(Message::turn).containsExactly(1, 1);
    assertThat(history.messages("CA1")).noneMatch(Message::interrupted);
    assertThat(written.getLast().messages()).extracting(Message::turn).containsExactly(1, 1);
  }

  @Test
  void aTurnForgottenBeforeItIsRecordedIsNeverRecorded() {
    history.forgetTurn("CA1", 2);
    int writes = written.size();

    history.recordTurn("CA1", 2, "והכתובת", "הרצל 12.");

    assertThat(history.messages("CA1")).isEmpty();
    assertThat(written).hasSize(writes);
  }

  @Test
  void aCallNobodySpokeInForItsIdleLimitIsForgottenAndDeletedFromTheTopic() {
    history.recordTurn("CA-crashed-gateway", 1, "שלום", "שלום.");
    history.recordTurn("whatsapp:+972501234567", 1, "היי", "שלום.");
    now = now.plus(Duration.ofMinutes(119));
    assertThat(history.expireIdle()).isZero();

    now = now.plus(Duration.ofMinutes(2));
    assertThat(history.expireIdle()).isEqualTo(1);

    assertThat(history.contains("CA-crashed-gateway")).isFalse();
    assertThat(tombstones).containsExactly("CA-crashed-gateway");
    assertThat(history.contains("whatsapp:+972501234567")).as("a WhatsApp conversation is kept for days").isTrue();
    now = now.plus(Duration.ofDays(7));
    history.expireIdle();
    assertThat(tombstones).containsExactly("CA-crashed-gateway", "whatsapp:+972501234567");
  }
}
