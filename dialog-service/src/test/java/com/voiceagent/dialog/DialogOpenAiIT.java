package com.voiceagent.dialog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.dialog.history.ConversationHistory;
import com.voiceagent.dialog.support.Events;
import com.voiceagent.dialog.support.TopicReader;
import com.voiceagent.dialog.engine.Message;
import com.voiceagent.events.ChatMessage;
import com.voiceagent.events.ChatRole;
import com.voiceagent.events.ConversationState;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.fixtures.ChatReply;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.OpenAiFixture;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.Topics;
import java.io.IOException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import com.voiceagent.platform.stage.Stages;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The openai engine end to end: real openai-java streaming against a local server speaking OpenAI's SSE,
 * real Kafka (embedded KRaft broker), the whole dialog-service application.
 */
@SpringBootTest(classes = DialogApplication.class, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "voice.platform.instance-id=dialog-openai-it",
    "voice.dialog.engine=openai",
    "voice.dialog.openai.api-key=sk-test-not-a-secret",
    "voice.dialog.first-sentence-timeout=6s"})
@EmbeddedKafka(partitions = 1)
class DialogOpenAiIT {
  static final OpenAiFixture fixture;

  static {
    try {
      fixture = OpenAiFixture.start(LatencyModel.instant());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void fixtureUrl(DynamicPropertyRegistry registry) {
    registry.add("voice.dialog.openai.base-url", fixture::baseUrl);
  }

  @AfterAll
  static void stopFixture() {
    fixture.close();
  }

  @Autowired EventPublisher publisher;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired Stages stages;
  @Autowired ConversationHistory history;

  @BeforeEach
  void listenersReady() {
    Events.awaitListenersAssigned(stages);
  }

  private TopicReader<ReplySegment> replies() {
    return TopicReader.avro(broker.getBrokersAsString(), Topics.REPLIES.name(), ReplySegment.class);
  }

  private static List<ReplySegment> segments(TopicReader<ReplySegment> reader, String callSid, int turn) {
    return reader.values(s -> s.getCallSid().toString().equals(callSid) && s.getTurn() == turn).stream()
        .sorted(Comparator.comparingInt(ReplySegment::getSeq)).toList();
  }

  private static ReplySegment awaitLast(TopicReader<ReplySegment> reader, String callSid, int turn) {
    return reader.awaitValue(s -> s.getCallSid().toString().equals(callSid) && s.getTurn() == turn && s.getLast());
  }

  @Test
  void sentencesAreStreamedInOrderAndTheFirstIsPublishedBeforeTheModelFinishes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch lastChunkSent = new CountDownLatch(1);
    fixture.onChat("MARK-STREAM", ex -> {
      ex.content("שלום, אנחנו פתוחים עד שבע");
      ex.content(" בערב.");
      ex.content(" ובשישי");
      release.await(30, TimeUnit.SECONDS); // the rest of the answer waits until the test saw sentence 1
      ex.content(" עד שתיים בצהריים. נשמח");
      ex.content(" לראות אתכם!");
      lastChunkSent.countDown();
      ex.finish("stop");
    });
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-stream", 1, "MARK-STREAM מתי אתם פתוחים?"));

      ReplySegment first = replies.awaitValue(s -> s.getCallSid().toString().equals("CA-stream") && s.getSeq() == 0);
      assertThat(lastChunkSent.getCount()).as("the model had not finished when sentence 1 was published").isEqualTo(1);
      assertThat(first.getText().toString()).isEqualTo("שלום, אנחנו פתוחים עד שבע בערב.");
      assertThat(first.getLast()).isFalse();
      release.countDown();

      awaitLast(replies, "CA-stream", 1);
      List<ReplySegment> all = segments(replies, "CA-stream", 1);
      // Each sentence goes out the moment its "." or "!" arrives; the stream's end then closes the turn
      // with an empty last segment.
      assertThat(all).extracting(s -> s.getText().toString())
          .containsExactly("שלום, אנחנו פתוחים עד שבע בערב.", "ובשישי עד שתיים בצהריים.", "נשמח לראות אתכם!", "");
      assertThat(all).extracting(ReplySegment::getSeq).containsExactly(0, 1, 2, 3);
      assertThat(all).extracting(ReplySegment::getLast).containsExactly(false, false, false, true);
      assertThat(all).allSatisfy(s -> {
        assertThat(s.getKind()).isEqualTo(ReplyKind.ANSWER);
        assertThat(s.getEndCall()).isFalse();
        assertThat(s.getReplyTo().toString()).isEqualTo(Events.REPLY_TO);
        assertThat(s.getSpeechEndedAt()).isEqualTo(Events.SPEECH_ENDED);
        assertThat(s.getTimeline()).hasSize(2);
        assertThat(s.getTimeline().get(0).getStage().toString()).isEqualTo("stt");
        assertThat(s.getTimeline().get(1).getStage().toString()).isEqualTo("dialog");
        assertThat(s.getTimeline().get(1).getEngine().toString()).isEqualTo("openai");
        assertThat(s.getTimeline().get(1).getInstance().toString()).isEqualTo("dialog-openai-it");
      });
    }
  }

  @Test
  void historyFromEarlierTurnsIsSentToTheModel() {
    fixture.onChat("MARK-H1", ex -> ex.stream("הכתובת שלנו היא הרצל 12 בתל אביב."));
    fixture.onChat("MARK-H2", ex -> ex.stream("כן, יש חניה ברחוב."));
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-history", 1, "MARK-H1 איפה אתם?"));
      awaitLast(replies, "CA-history", 1);
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-history", 2, "MARK-H2 ויש חניה?"));
      awaitLast(replies, "CA-history", 2);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    JsonNode request = fixture.chatRequestContaining("MARK-H2");
    assertThat(request.path("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(request.path("stream").asBoolean()).isTrue();
    List<JsonNode> messages = request.path("messages").valueStream().toList();
    assertThat(messages).extracting(m -> m.path("role").asString()).containsExactly("system", "user", "assistant", "user");
    assertThat(messages.get(0).path("content").asString()).contains("מספרת דנה").contains("הרצל 12");
    assertThat(messages.get(1).path("content").asString()).isEqualTo("MARK-H1 איפה אתם?");
    assertThat(messages.get(2).path("content").asString()).isEqualTo("הכתובת שלנו היא הרצל 12 בתל אביב.");
    assertThat(messages.get(3).path("content").asString()).isEqualTo("MARK-H2 ויש חניה?");
    assertThat(request.path("tools").valueStream().map(t -> t.path("function").path("name").asString())).contains("end_call");
  }

  @Test
  void theEndCallToolEndsTheReplyWithAGoodbyeThatHangsUp() throws Exception {
    fixture.onChat("MARK-BYE", ex -> {
      ex.content("תודה שהתקשרתם אלינו היום.");
      ex.toolCall("end_call", "{\"reason\":\"caller said goodbye\"}");
      ex.finish("tool_calls");
    });
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-endcall", 1, "MARK-BYE טוב, זהו, תודה"));
      ReplySegment last = awaitLast(replies, "CA-endcall", 1);
      assertThat(last.getEndCall()).isTrue();
      assertThat(last.getKind()).isEqualTo(ReplyKind.GOODBYE);
      List<ReplySegment> all = segments(replies, "CA-endcall", 1);
      assertThat(all.getFirst().getText().toString()).isEqualTo("תודה שהתקשרתם אלינו היום.");
      assertThat(all.getFirst().getKind()).isEqualTo(ReplyKind.ANSWER);
      assertThat(all).filteredOn(ReplySegment::getLast).hasSize(1);
      assertThat(all).filteredOn(ReplySegment::getEndCall).containsExactly(last);
      assertThat(String.join(" ", all.stream().map(s -> s.getText().toString()).toList())).contains("להתראות");
    }
  }

  @Test
  void theTransferCallToolEndsTheReplyWithTheTransferPhraseFlaggedForTheGateway() throws Exception {
    fixture.onChat("MARK-PERSON", ex -> {
      ex.content("בשמחה.");
      ex.toolCall("transfer_call", "{\"reason\":\"caller asked for a person\"}");
      ex.finish("tool_calls");
    });
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-llm-transfer", 1, "MARK-PERSON אפשר לדבר עם מישהו?"));
      ReplySegment last = awaitLast(replies, "CA-llm-transfer", 1);
      assertThat(last.getTransfer()).isTrue();
      assertThat(last.getEndCall()).isFalse();
      List<ReplySegment> all = segments(replies, "CA-llm-transfer", 1);
      assertThat(all.getFirst().getText().toString()).isEqualTo("בשמחה.");
      assertThat(all).filteredOn(ReplySegment::getTransfer).containsExactly(last);
      assertThat(last.getText().toString()).isEqualTo("אני מעבירה אתכם לנציג, רק רגע.");
    }
    assertThat(fixture.chatRequestContaining("MARK-PERSON").path("tools").valueStream()
        .map(t -> t.path("function").path("name").asString())).contains("end_call", "transfer_call");
  }

  @Test
  void anLlmErrorGivesTheScriptedFallbackAndTheCallGoesOn() throws Exception {
    fixture.onChat("MARK-500", ex -> ex.error(500, "the model is on fire"));
    fixture.onChat("MARK-AFTER", ex -> ex.stream("בטח, אפשר גם בוואטסאפ."));
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-500", 1, "MARK-500 מה הכתובת שלכם?"));
      ReplySegment fallback = awaitLast(replies, "CA-500", 1);
      assertThat(fallback.getKind()).isEqualTo(ReplyKind.FALLBACK);
      assertThat(segments(replies, "CA-500", 1)).allSatisfy(s -> assertThat(s.getKind()).isEqualTo(ReplyKind.FALLBACK));
      assertThat(String.join(" ", segments(replies, "CA-500", 1).stream().map(s -> s.getText().toString()).toList())).contains("הרצל 12");
      assertThat(fallback.getEndCall()).isFalse();
      assertThat(fallback.getTimeline().getLast().getEngine().toString()).isEqualTo("scripted");

      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-500", 2, "MARK-AFTER אפשר לכתוב לכם?"));
      ReplySegment next = awaitLast(replies, "CA-500", 2);
      assertThat(next.getKind()).isEqualTo(ReplyKind.ANSWER);
      assertThat(spoken(replies, "CA-500", 2)).isEqualTo("בטח, אפשר גם בוואטסאפ.");
    }
  }

  @Test
  void aSlowLlmCallDoesNotDelayAnotherCallAndFallsBackWhenOverBudget() throws Exception {
    CountDownLatch slowArrived = new CountDownLatch(1);
    CountDownLatch slowRelease = new CountDownLatch(1);
    fixture.onChat("MARK-SLOW", ex -> {
      slowArrived.countDown();
      slowRelease.await(10, TimeUnit.SECONDS); // a model that takes 10 s before its first byte
      ex.stream("תשובה מאוחרת מדי.");
    });
    fixture.onChat("MARK-FAST", ex -> ex.stream("תשובה מהירה ומדויקת."));
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-slow", 1, "MARK-SLOW מה המחיר של צבע?"));
      assertThat(slowArrived.await(30, TimeUnit.SECONDS)).isTrue();
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-fast", 1, "MARK-FAST שאלה קצרה"));

      awaitLast(replies, "CA-fast", 1);
      assertThat(spoken(replies, "CA-fast", 1)).isEqualTo("תשובה מהירה ומדויקת.");
      assertThat(segments(replies, "CA-slow", 1)).as("the slow call is still waiting for its model").isEmpty();

      ReplySegment slow = awaitLast(replies, "CA-slow", 1);
      assertThat(slow.getKind()).isEqualTo(ReplyKind.FALLBACK);
      assertThat(String.join(" ", segments(replies, "CA-slow", 1).stream().map(s -> s.getText().toString()).toList())).contains("מאתיים");
      slowRelease.countDown();
    }
  }

  @Test
  void aBargeInClosesTheLlmStreamAndHistoryKeepsOnlyWhatWasHeard() throws Exception {
    CountDownLatch disconnected = new CountDownLatch(1);
    fixture.onChat("MARK-BARGE", firstSentenceThenOnAndOn(disconnected));
    String heard = "אנחנו נמצאים ברחוב הרצל 12 בתל אביב.";
    try (TopicReader<ReplySegment> replies = replies();
        TopicReader<ConversationState> states = TopicReader.avro(broker.getBrokersAsString(), Topics.HISTORY.name(), ConversationState.class)) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-barge", 1, "MARK-BARGE איפה אתם נמצאים?"));
      ReplySegment first = replies.awaitValue(s -> s.getCallSid().toString().equals("CA-barge") && s.getSeq() == 0);
      assertThat(first.getText().toString()).isEqualTo(heard);

      publisher.publish(Topics.CONTROL, Events.bargeIn("CA-barge", 1, 1, heard));

      assertThat(disconnected.await(30, TimeUnit.SECONDS)).as("the fixture saw the client close the stream").isTrue();
      ConversationState state = states.awaitValue(s -> s.getConversationId().toString().equals("CA-barge")
          && s.getMessages().stream().anyMatch(m -> m.getRole() == ChatRole.AGENT && m.getTurn() == 1));
      ChatMessage agent = state.getMessages().stream().filter(m -> m.getRole() == ChatRole.AGENT).findFirst().orElseThrow();
      assertThat(agent.getText().toString()).isEqualTo(heard);
      assertThat(agent.getInterrupted()).isTrue();
      assertThat(history.messages("CA-barge")).contains(Message.agent(heard, 1, true));
      assertThat(segments(replies, "CA-barge", 1)).noneMatch(ReplySegment::getLast);
    }
  }

  @Test
  void aLongAnswerIsCutAtTheCapAndTheStreamClosed() throws Exception {
    CountDownLatch disconnected = new CountDownLatch(1);
    fixture.onChat("MARK-LONG", ex -> {
      try {
        for (int i = 0; i < 200; i++) {
          ex.content("זה משפט ארוך למדי שהמודל כותב שוב ושוב. ");
          Thread.sleep(20);
        }
        ex.finish("stop");
      } catch (IOException e) {
        disconnected.countDown();
      }
    });
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-long", 1, "MARK-LONG ספרי לי הכל"));
      awaitLast(replies, "CA-long", 1);
      assertThat(disconnected.await(30, TimeUnit.SECONDS)).isTrue();
      List<ReplySegment> all = segments(replies, "CA-long", 1);
      int chars = all.stream().mapToInt(s -> s.getText().length()).sum();
      assertThat(chars).isGreaterThanOrEqualTo(110).isLessThan(110 + 45);
      assertThat(all).filteredOn(ReplySegment::getLast).hasSize(1);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> history.messages("CA-long").size() == 2);
  }

  // Speculative turns: the gateway publishes an utterance at a short pause and takes it back
  // (TurnCancelled CALLER_CONTINUED) when the caller goes on speaking. That turn never happened.

  @Test
  void aTranscriptArrivingAfterACallerContinuedCancelIsNotAnswered() throws Exception {
    fixture.onChat("MARK-SPEC-LATE", ex -> ex.stream("תשובה שאסור שתישמע."));
    fixture.onChat("MARK-SPEC-NEXT", ex -> ex.stream("אנחנו פתוחים עד שבע בערב."));
    try (TopicReader<ReplySegment> replies = replies()) {
      // STT is still transcribing when the cancel comes: no instance has begun the turn yet.
      publishControlAndAwaitHandled(Events.callerContinued("CA-spec-late", 1));

      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-spec-late", 1, "MARK-SPEC-LATE מתי"));
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-spec-late", 2, "MARK-SPEC-NEXT מתי אתם פתוחים?"));
      awaitLast(replies, "CA-spec-late", 2);

      assertThat(segments(replies, "CA-spec-late", 1)).as("no answer and no fallback for the taken-back turn").isEmpty();
    }
    assertThat(fixture.chatRequestBodies()).noneMatch(b -> b.contains("MARK-SPEC-LATE"));
    assertThat(history.messages("CA-spec-late")).extracting(Message::turn).containsOnly(2);
  }

  @Test
  void aTranscriptArrivingAfterABargeInIsNotAnsweredButItsQuestionStaysForTheNextTurn() throws Exception {
    fixture.onChat("MARK-BARGE-EARLY", ex -> ex.stream("תשובה שהמתקשר לא ישמע."));
    fixture.onChat("MARK-BARGE-NEXT", ex -> ex.stream("כן, גם בשישי."));
    try (TopicReader<ReplySegment> replies = replies()) {
      // The caller spoke on while STT was still transcribing: the gateway cut the turn before any answer began.
      publishControlAndAwaitHandled(Events.bargeIn("CA-barge-early", 1, 0, ""));

      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-barge-early", 1, "MARK-BARGE-EARLY מתי אתם פתוחים"));
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-barge-early", 2, "MARK-BARGE-NEXT ובשישי?"));
      awaitLast(replies, "CA-barge-early", 2);

      assertThat(segments(replies, "CA-barge-early", 1)).as("no engine paid for an answer nobody will hear").isEmpty();
    }
    assertThat(fixture.chatRequestBodies()).noneMatch(b -> b.contains("תשובה שהמתקשר לא ישמע"))
        .filteredOn(b -> b.contains("MARK-BARGE-NEXT")).singleElement().asString().contains("MARK-BARGE-EARLY");
    assertThat(fixture.chatRequestBodies()).filteredOn(b -> b.contains("MARK-BARGE-EARLY") && !b.contains("MARK-BARGE-NEXT"))
        .isEmpty();
    assertThat(history.messages("CA-barge-early")).extracting(Message::role, Message::turn, Message::interrupted)
        .startsWith(org.assertj.core.groups.Tuple.tuple(Message.Role.CALLER, 1, false),
            org.assertj.core.groups.Tuple.tuple(Message.Role.AGENT, 1, true));
  }

  @Test
  void aTurnStreamingWhenTheCallerContinuesIsStoppedAndAbsentFromHistory() throws Exception {
    CountDownLatch disconnected = new CountDownLatch(1);
    fixture.onChat("MARK-SPEC-STREAM", firstSentenceThenOnAndOn(disconnected));
    fixture.onChat("MARK-SPEC-AFTER", ex -> ex.stream("כן, יש חניה ברחוב."));
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-spec-stream", 1, "MARK-SPEC-STREAM איפה אתם"));
      replies.awaitValue(s -> s.getCallSid().toString().equals("CA-spec-stream") && s.getSeq() == 0);

      publisher.publish(Topics.CONTROL, Events.callerContinued("CA-spec-stream", 1));

      assertThat(disconnected.await(30, TimeUnit.SECONDS)).as("the fixture saw the client close the stream").isTrue();
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-spec-stream", 2, "MARK-SPEC-AFTER איפה אתם נמצאים? ויש חניה?"));
      awaitLast(replies, "CA-spec-stream", 2);
      List<ReplySegment> taken = segments(replies, "CA-spec-stream", 1);
      assertThat(taken).noneMatch(ReplySegment::getLast).noneMatch(s -> s.getKind() == ReplyKind.FALLBACK);
    }
    assertThat(history.messages("CA-spec-stream")).extracting(Message::turn).containsOnly(2);
    assertThat(history.messages("CA-spec-stream")).noneMatch(Message::interrupted);
  }

  @Test
  void theNextTurnsRequestToTheModelDoesNotContainATakenBackTurn() throws Exception {
    fixture.onChat("MARK-SPEC-DONE", ex -> ex.stream("ברחוב הרצל 12."));
    fixture.onChat("MARK-SPEC-WHOLE", ex -> ex.stream("ברחוב הרצל 12, ויש חניה."));
    try (TopicReader<ReplySegment> replies = replies();
        TopicReader<ConversationState> states = TopicReader.avro(broker.getBrokersAsString(), Topics.HISTORY.name(), ConversationState.class)) {
      // The answer was quick: the whole turn is already in the history when the cancel comes.
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-spec-done", 1, "MARK-SPEC-DONE איפה"));
      awaitLast(replies, "CA-spec-done", 1);
      await().atMost(Duration.ofSeconds(30)).until(() -> history.messages("CA-spec-done").size() == 2);

      publisher.publish(Topics.CONTROL, Events.callerContinued("CA-spec-done", 1));

      ConversationState forgotten = states.awaitValue(s -> s.getConversationId().toString().equals("CA-spec-done")
          && s.getMessages().isEmpty());
      assertThat(forgotten.getMessages()).isEmpty();
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-spec-done", 2, "MARK-SPEC-WHOLE איפה אתם, ויש חניה?"));
      awaitLast(replies, "CA-spec-done", 2);
    }
    JsonNode whole = fixture.chatRequestContaining("MARK-SPEC-WHOLE");
    assertThat(whole.path("messages").valueStream().map(m -> m.path("role").asString())).containsExactly("system", "user");
    assertThat(whole.toString()).doesNotContain("MARK-SPEC-DONE").doesNotContain("ברחוב הרצל 12.");
    assertThat(history.messages("CA-spec-done")).extracting(Message::turn).containsOnly(2);
  }

  /** Publishes a cancellation, then waits until this instance's voice.control consumer has committed past it. */
  private void publishControlAndAwaitHandled(TurnCancelled cancellation) throws Exception {
    var sent = publisher.publish(Topics.CONTROL, cancellation).get(30, TimeUnit.SECONDS).getRecordMetadata();
    int partition = sent.partition();
    long offset = sent.offset();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
      TopicPartition control = new TopicPartition(Topics.CONTROL.name(), partition);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        OffsetAndMetadata committed = admin.listConsumerGroupOffsets("dialog-control-dialog-openai-it")
            .partitionsToOffsetAndMetadata().get().get(control);
        return committed != null && committed.offset() > offset;
      });
    }
  }

  /** The turn's segments' text as the caller hears it. */
  private static String spoken(TopicReader<ReplySegment> replies, String callSid, int turn) {
    return String.join(" ", segments(replies, callSid, turn).stream().map(s -> s.getText().toString())
        .filter(text -> !text.isEmpty()).toList());
  }

  /**
   * A model that says its first sentence, begins the next and goes on and on until the client hangs up on
   * it, which counts {@code disconnected} down.
   */
  private static ChatReply firstSentenceThenOnAndOn(CountDownLatch disconnected) {
    return ex -> {
      ex.content("אנחנו נמצאים ברחוב הרצל 12 בתל אביב.");
      ex.content(" יש");
      try {
        for (int i = 0; i < 600; i++) {
          Thread.sleep(50);
          ex.content("");
        }
      } catch (IOException e) {
        disconnected.countDown();
      }
    };
  }
}
