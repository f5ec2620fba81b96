package com.voiceagent.dialog;

import com.voiceagent.dialog.engine.Message;
import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.dialog.history.ConversationHistory;
import com.voiceagent.dialog.support.Events;
import com.voiceagent.dialog.support.TopicReader;
import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.events.ConversationState;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.StreamEndReason;
import com.voiceagent.events.TextReply;
import com.voiceagent.events.TranscriptStatus;
import com.voiceagent.events.TransferNotice;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.schemas.AvroSerde;
import com.voiceagent.events.Transcript;
import com.voiceagent.schemas.Topics;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import com.voiceagent.platform.stage.Stages;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/** The offline scripted engine end to end through a real (embedded) Kafka broker: no network at all. */
@SpringBootTest(classes = DialogApplication.class, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "voice.platform.instance-id=dialog-scripted-it",
    "voice.dialog.engine=scripted",
    "TRANSFER_NOTIFY_WHATSAPP=" + DialogScriptedIT.PERSON})
@EmbeddedKafka(partitions = 1)
class DialogScriptedIT {
  static final String PERSON = "+972501110000";
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

  private static ReplySegment awaitLast(TopicReader<ReplySegment> reader, String callSid, int turn) {
    return reader.awaitValue(s -> s.getCallSid().toString().equals(callSid) && s.getTurn() == turn && s.getLast());
  }

  private static List<ReplySegment> segments(TopicReader<ReplySegment> reader, String callSid, int turn) {
    return reader.values(s -> s.getCallSid().toString().equals(callSid) && s.getTurn() == turn).stream()
        .sorted(Comparator.comparingInt(ReplySegment::getSeq)).toList();
  }

  private static String text(List<ReplySegment> segments) {
    return String.join(" ", segments.stream().map(s -> s.getText().toString()).toList());
  }

  @Test
  void streamStartGreetsTheCallerAsTurnZero() throws Exception {
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.CALL_LIFECYCLE, Events.lifecycle("CA-greet", CallLifecycleKind.STREAM_STARTED));
      ReplySegment last = awaitLast(replies, "CA-greet", 0);
      List<ReplySegment> all = segments(replies, "CA-greet", 0);
      assertThat(text(all)).isEqualTo("שלום, הגעתם למספרת דנה. במה אפשר לעזור?");
      assertThat(all).allSatisfy(s -> {
        assertThat(s.getKind()).isEqualTo(ReplyKind.GREETING);
        assertThat(s.getReplyTo().toString()).isEqualTo(Events.REPLY_TO);
      });
      assertThat(all.getFirst().getSeq()).isZero();
      assertThat(last.getEndCall()).isFalse();
      assertThat(history.messages("CA-greet")).extracting(Message::role).containsExactly(Message.Role.AGENT);
    }
  }

  @Test
  void anOutboundCallIsOpenedFromItsContextInsteadOfTheGreeting() throws Exception {
    try (TopicReader<ReplySegment> replies = replies()) {
      CallLifecycle started = Events.lifecycle("CA-outbound", CallLifecycleKind.STREAM_STARTED);
      started.setOutboundContext("תזכורת לתור שלך מחר ב-9:30");
      publisher.publish(Topics.CALL_LIFECYCLE, started);
      awaitLast(replies, "CA-outbound", 0);
      String opening = text(segments(replies, "CA-outbound", 0));
      assertThat(opening).isEqualTo("שלום, כאן מספרת דנה. תזכורת לתור שלך מחר ב-9:30.");
      assertThat(history.messages("CA-outbound")).extracting(Message::role).containsExactly(Message.Role.AGENT);
    }
  }

  @Test
  void hebrewQuestionsGetTheBusinessAnswers() throws Exception {
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-intents", 1, "מה שעות הפתיחה שלכם?"));
      awaitLast(replies, "CA-intents", 1);
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-intents", 2, "ואיפה אתם נמצאים?"));
      awaitLast(replies, "CA-intents", 2);
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-intents", 3, "אני רוצה לקבוע תור"));
      awaitLast(replies, "CA-intents", 3);

      assertThat(text(segments(replies, "CA-intents", 1))).contains("ראשון עד חמישי");
      assertThat(text(segments(replies, "CA-intents", 2))).contains("הרצל 12");
      assertThat(text(segments(replies, "CA-intents", 3))).contains("תור").contains("03-555-1234");
      assertThat(segments(replies, "CA-intents", 3)).extracting(ReplySegment::getLast).containsExactly(false, false, true);
      assertThat(segments(replies, "CA-intents", 3)).allSatisfy(s -> {
        assertThat(s.getKind()).isEqualTo(ReplyKind.ANSWER);
        assertThat(s.getTimeline().getLast().getEngine().toString()).isEqualTo("scripted");
      });
    }
  }

  @Test
  void aGoodbyeKeywordEndsTheCallWithTheGoodbyePhrase() throws Exception {
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-bye", 1, "טוב תודה רבה, ביי"));
      ReplySegment last = awaitLast(replies, "CA-bye", 1);
      assertThat(last.getEndCall()).isTrue();
      assertThat(last.getKind()).isEqualTo(ReplyKind.GOODBYE);
      assertThat(text(segments(replies, "CA-bye", 1))).isEqualTo("תודה שפניתם למספרת דנה. יום טוב ולהתראות!");
    }
  }

  @Test
  void sagurMeansOkAndTheCallGoesOn() throws Exception {
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-sagur", 1, "סגור, תודה"));
      ReplySegment last = awaitLast(replies, "CA-sagur", 1);
      assertThat(segments(replies, "CA-sagur", 1)).noneMatch(ReplySegment::getEndCall);
      assertThat(last.getKind()).isEqualTo(ReplyKind.ANSWER);
    }
  }

  @Test
  void anEmptyTranscriptGetsAPoliteRequestToRepeat() throws Exception {
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-empty", 1, "", TranscriptStatus.EMPTY));
      ReplySegment last = awaitLast(replies, "CA-empty", 1);
      assertThat(last.getText().toString()).isEqualTo("סליחה, לא שמעתי טוב. אפשר לחזור על זה?");
      assertThat(last.getSeq()).isZero();
      assertThat(last.getEndCall()).isFalse();
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-empty", 2, "", TranscriptStatus.FAILED));
      ReplySegment failed = awaitLast(replies, "CA-empty", 2);
      assertThat(failed.getText().toString()).isEqualTo("סליחה, לא שמעתי טוב. אפשר לחזור על זה?");
      assertThat(failed.getKind()).isEqualTo(ReplyKind.FALLBACK);
    }
  }

  @Test
  void aPoisonedTranscriptGoesToTheDeadLetterTopicAndDoesNotBlockTheCall() throws Exception {
    try (TopicReader<ReplySegment> replies = replies();
        TopicReader<byte[]> dead = TopicReader.raw(broker.getBrokersAsString(), "voice.transcripts.DLT");
        var producer = new KafkaProducer<String, byte[]>(Map.of("bootstrap.servers", broker.getBrokersAsString()),
            new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.TRANSCRIPTS.name(), "CA-poison", "not avro at all".getBytes())).get();
      // Readable but unroutable (no replyTo): fails on the call's lane, and is dead-lettered from there.
      Transcript unroutable = Transcript.newBuilder(Events.transcript("CA-poison", 1, "שלום")).setReplyTo("").build();
      producer.send(new ProducerRecord<>(Topics.TRANSCRIPTS.name(), "CA-poison",
          AvroSerde.of(Transcript.class).serialize(Topics.TRANSCRIPTS.name(), unroutable))).get();
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-poison", 2, "מה הכתובת?"));

      ReplySegment answered = awaitLast(replies, "CA-poison", 2);
      assertThat(answered.getText().toString()).contains("הרצל 12");
      dead.awaitValue(bytes -> new String(bytes).equals("not avro at all"));
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> dead.records().size() >= 2);
      assertThat(dead.records()).extracting(r -> r.key()).containsOnly("CA-poison");
      assertThat(segments(replies, "CA-poison", 1)).isEmpty();
    }
  }

  @Test
  void aWhatsAppMessageGetsATextReplyWithTheSameBrain() throws Exception {
    try (TopicReader<TextReply> texts = TopicReader.avro(broker.getBrokersAsString(), Topics.TEXT_REPLIES.name(), TextReply.class)) {
      publisher.publish(Topics.WHATSAPP_INBOUND, Events.whatsApp("whatsapp:+972501234567", "SM0001", "כמה עולה תספורת גברים?"));
      TextReply reply = texts.awaitValue(r -> r.getInReplyTo().toString().equals("SM0001"));
      assertThat(reply.getConversationId()).isEqualTo("whatsapp:+972501234567");
      assertThat(reply.getText().toString()).contains("שמונים שקלים");
      assertThat(reply.getEngine().toString()).isEqualTo("scripted");

      publisher.publish(Topics.WHATSAPP_INBOUND, Events.whatsApp("whatsapp:+972501234567", "SM0002", "ואיפה אתם?"));
      TextReply second = texts.awaitValue(r -> r.getInReplyTo().toString().equals("SM0002"));
      assertThat(second.getText().toString()).contains("הרצל 12");
      assertThat(second.getTurn()).isGreaterThan(reply.getTurn());
      assertThat(history.messages("whatsapp:+972501234567")).hasSize(4);
    }
  }

  @Test
  void streamStopDropsTheCallAndTombstonesItsHistory() throws Exception {
    try (TopicReader<ReplySegment> replies = replies();
        TopicReader<ConversationState> states = TopicReader.avro(broker.getBrokersAsString(), Topics.HISTORY.name(), ConversationState.class)) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-stop", 1, "מה הכתובת?"));
      awaitLast(replies, "CA-stop", 1);
      states.awaitValue(s -> s.getConversationId().toString().equals("CA-stop"));
      publisher.publish(Topics.CALL_LIFECYCLE, Events.lifecycle("CA-stop", CallLifecycleKind.STREAM_STOPPED));
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
          states.records().stream().anyMatch(r -> "CA-stop".equals(r.key()) && r.value() == null));
      assertThat(history.contains("CA-stop")).isFalse();
    }
  }

  @Test
  void aStreamThatStopsToResumeKeepsTheHistoryAndTheResumedStreamIsNotGreetedAgain() throws Exception {
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.CALL_LIFECYCLE, Events.lifecycle("CA-moved", CallLifecycleKind.STREAM_STARTED));
      awaitLast(replies, "CA-moved", 0);
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-moved", 1, "מה הכתובת?"));
      awaitLast(replies, "CA-moved", 1);

      // Its gateway died: the stream stopped as LOST, and the call resumes on another gateway.
      CallLifecycle lost = Events.lifecycle("CA-moved", CallLifecycleKind.STREAM_STOPPED);
      lost.setStreamEndReason(StreamEndReason.LOST);
      publisher.publish(Topics.CALL_LIFECYCLE, lost);
      CallLifecycle resumed = Events.lifecycle("CA-moved", CallLifecycleKind.STREAM_STARTED);
      resumed.setResumedAfter(StreamEndReason.LOST);
      resumed.setTurn(2);
      publisher.publish(Topics.CALL_LIFECYCLE, resumed);
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-moved", 3, "ומתי אתם פתוחים?"));
      awaitLast(replies, "CA-moved", 3);

      // The lane answers in order: a second greeting would have come before turn 3's reply.
      assertThat(segments(replies, "CA-moved", 0)).as("one greeting only").filteredOn(ReplySegment::getLast).hasSize(1);
      assertThat(history.messages("CA-moved")).extracting(Message::text)
          .contains("מה הכתובת?", "ומתי אתם פתוחים?");
    }
  }

  @Test
  void twilioReportingTheCallCompletedDropsAHistoryKeptForAResume() throws Exception {
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-gone", 1, "מה הכתובת?"));
      awaitLast(replies, "CA-gone", 1);
      CallLifecycle drained = Events.lifecycle("CA-gone", CallLifecycleKind.STREAM_STOPPED);
      drained.setStreamEndReason(StreamEndReason.DRAINED);
      publisher.publish(Topics.CALL_LIFECYCLE, drained);
      CallLifecycle completed = Events.lifecycle("CA-gone", CallLifecycleKind.CALL_STATUS);
      completed.setCallStatus("completed");
      publisher.publish(Topics.CALL_LIFECYCLE, completed);

      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !history.contains("CA-gone"));
    }
  }


  @Test
  void anIdAskedForIsKeyedInValidatedReAskedWhenInvalidAndReadBackWhenValid() throws Exception {
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-id", 1, "אני רוצה להזדהות עם תעודת זהות"));
      awaitLast(replies, "CA-id", 1);
      assertThat(text(segments(replies, "CA-id", 1))).isEqualTo("אנא הקישו את תשע הספרות של תעודת הזהות, ובסיום סולמית.");

      publisher.publish(Topics.TRANSCRIPTS, Events.keys("CA-id", 2, "123456789#"));
      awaitLast(replies, "CA-id", 2);
      assertThat(text(segments(replies, "CA-id", 2))).startsWith("המספר שהתקבל אינו מספר תעודת זהות תקין");

      publisher.publish(Topics.TRANSCRIPTS, Events.keys("CA-id", 3, "039337423#"));
      ReplySegment confirmed = awaitLast(replies, "CA-id", 3);
      assertThat(confirmed.getText().toString()).isEqualTo("תודה, קיבלתי את תעודת זהות 039337423.");
      assertThat(confirmed.getTransfer()).isFalse();
      assertThat(history.messages("CA-id")).filteredOn(m -> m.role() == Message.Role.CALLER).extracting(Message::text)
          .containsExactly("אני רוצה להזדהות עם תעודת זהות", "[מקשים: 123456789#]", "[מקשים: 039337423#]");

      // Collected: the next keys are not read as an ID any more; the engine gets them in its user text.
      publisher.publish(Topics.TRANSCRIPTS, Events.keys("CA-id", 4, "55#"));
      awaitLast(replies, "CA-id", 4);
      assertThat(text(segments(replies, "CA-id", 4))).contains("אני העוזרת של מספרת דנה");
    }
  }

  @Test
  void thePersonKeyAloneHandsTheCallToAPersonAfterTheTransferPhrase() throws Exception {
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.keys("CA-person-key", 1, "0"));
      ReplySegment last = awaitLast(replies, "CA-person-key", 1);
      assertThat(last.getTransfer()).isTrue();
      assertThat(last.getEndCall()).isFalse();
      assertThat(last.getText().toString()).isEqualTo("אני מעבירה אתכם לנציג, רק רגע.");
    }
  }

  @Test
  void askingForARepresentativeHandsTheCallToAPersonThroughTheScriptedTransferIntent() throws Exception {
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-person", 1, "אפשר לדבר עם נציג?"));
      ReplySegment last = awaitLast(replies, "CA-person", 1);
      assertThat(last.getTransfer()).isTrue();
      assertThat(segments(replies, "CA-person", 1)).hasSize(1);
      assertThat(last.getText().toString()).isEqualTo("אני מעבירה אתכם לנציג, רק רגע.");
    }
  }

  @Test
  void aTransferredCallKeepsItsHistoryWhenItsStreamStopsAndIsNotGreetedAgainWhenNobodyAnswered() throws Exception {
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.CALL_LIFECYCLE, Events.lifecycle("CA-transfer", CallLifecycleKind.STREAM_STARTED));
      awaitLast(replies, "CA-transfer", 0);
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-transfer", 1, "אפשר נציג?"));
      awaitLast(replies, "CA-transfer", 1);

      // The gateway re-pointed the call to dial a person; Twilio then stops the stream.
      publisher.publish(Topics.CALL_LIFECYCLE, Events.lifecycle("CA-transfer", CallLifecycleKind.TRANSFERRED));
      publisher.publish(Topics.CALL_LIFECYCLE, Events.lifecycle("CA-transfer", CallLifecycleKind.STREAM_STOPPED));
      // Nobody answered: the call is back on a new stream.
      CallLifecycle back = Events.lifecycle("CA-transfer", CallLifecycleKind.STREAM_STARTED);
      back.setTurn(1);
      publisher.publish(Topics.CALL_LIFECYCLE, back);
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-transfer", 2, "מה הכתובת?"));
      awaitLast(replies, "CA-transfer", 2);

      assertThat(segments(replies, "CA-transfer", 0)).as("one greeting only").filteredOn(ReplySegment::getLast).hasSize(1);
      assertThat(history.messages("CA-transfer")).extracting(Message::text).contains("אפשר נציג?", "מה הכתובת?");
    }
  }

  @Test
  void aHandOverPublishesOneSummaryForThePersonWithTheConversationSoFar() throws Exception {
    try (TopicReader<ReplySegment> replies = replies();
        TopicReader<TransferNotice> notices = TopicReader.avro(broker.getBrokersAsString(), Topics.TRANSFER_NOTICES.name(),
            TransferNotice.class)) {
      CallLifecycle status = Events.lifecycle("CA-notify", CallLifecycleKind.CALL_STATUS);
      status.setCallStatus("in-progress");
      status.setFrom("+972541234567");
      publisher.publish(Topics.CALL_LIFECYCLE, status);
      publisher.publish(Topics.CALL_LIFECYCLE, Events.lifecycle("CA-notify", CallLifecycleKind.STREAM_STARTED));
      awaitLast(replies, "CA-notify", 0);
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-notify", 1, "מה שעות הפתיחה שלכם?"));
      awaitLast(replies, "CA-notify", 1);
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-notify", 2, "אפשר נציג?"));
      awaitLast(replies, "CA-notify", 2);

      CallLifecycle transferred = Events.lifecycle("CA-notify", CallLifecycleKind.TRANSFERRED);
      transferred.setTurn(2);
      publisher.publish(Topics.CALL_LIFECYCLE, transferred);
      publisher.publish(Topics.CALL_LIFECYCLE, transferred); // redelivered
      publisher.publish(Topics.CALL_LIFECYCLE, Events.lifecycle("CA-notify", CallLifecycleKind.STREAM_STOPPED));
      // A later call's notice proves the records above were all handled.
      CallLifecycle marker = Events.lifecycle("CA-notify-marker", CallLifecycleKind.TRANSFERRED);
      publisher.publish(Topics.CALL_LIFECYCLE, marker);
      notices.awaitValue(n -> n.getCallSid().equals("CA-notify-marker"));

      assertThat(notices.values(n -> n.getCallSid().equals("CA-notify"))).singleElement().satisfies(notice -> {
        assertThat(notice.getNotifyTo()).isEqualTo(PERSON);
        assertThat(notice.getTransferId()).isEqualTo("MZCA-notify");
        assertThat(notice.getTurn()).isEqualTo(2);
        assertThat(notice.getCaller()).isEqualTo("***4567");
        assertThat(notice.getSummaryEngine()).isEqualTo("scripted");
        assertThat(notice.getSummary()).startsWith("הלקוח: מה שעות הפתיחה שלכם?\nהבוט: ")
            .contains("ראשון עד חמישי").endsWith("הלקוח: אפשר נציג?\nהבוט: אני מעבירה אתכם לנציג, רק רגע.")
            .doesNotContain("הגעתם למספרת דנה");
      });
      assertThat(notices.records()).filteredOn(r -> r.value().getCallSid().equals("CA-notify"))
          .extracting(r -> r.key()).containsExactly("CA-notify");
    }
  }
}
