package com.voiceagent.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.dialog.support.Events;
import com.voiceagent.dialog.support.TopicReader;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.fixtures.BookingFixture;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.OpenAiFixture;
import com.voiceagent.platform.kafka.EventPublisher;
import com.voiceagent.platform.stage.Stages;
import com.voiceagent.schemas.Topics;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Business tools in the whole dialog-service on a real (embedded) Kafka broker: the sample business file
 * with its booking tool pointed at the booking fixture, the LLM at the OpenAI fixture.
 */
@SpringBootTest(classes = DialogApplication.class, properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "voice.platform.instance-id=dialog-tools-it",
    "voice.dialog.engine=openai",
    "voice.dialog.openai.api-key=sk-test-not-a-secret",
    "voice.dialog.openai.max-retries=0",
    "voice.dialog.first-sentence-timeout=6s",
    "BOOKING_API_KEY=booking-it-key"})
@EmbeddedKafka(partitions = 1)
class DialogToolsIT {
  static final OpenAiFixture openAi;
  static final BookingFixture booking;
  static final Path businessFile;

  static {
    try {
      openAi = OpenAiFixture.start(LatencyModel.instant());
      booking = BookingFixture.start().requireHeader("X-Api-Key", "booking-it-key");
      businessFile = Files.createTempFile("business-booking", ".yml");
      try (InputStream in = DialogToolsIT.class.getClassLoader().getResourceAsStream("scripted/business-booking.yml")) {
        Files.writeString(businessFile, new String(in.readAllBytes(), StandardCharsets.UTF_8)
            .replace("http://127.0.0.1:18082/bookings", booking.bookingsUrl()));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void fixtures(DynamicPropertyRegistry registry) {
    registry.add("voice.dialog.openai.base-url", openAi::baseUrl);
    registry.add("voice.dialog.business-file", businessFile::toString);
  }

  @AfterAll
  static void stopFixtures() throws Exception {
    openAi.close();
    booking.close();
    Files.deleteIfExists(businessFile);
  }

  @Autowired EventPublisher publisher;
  @Autowired EmbeddedKafkaBroker broker;
  @Autowired Stages stages;

  @BeforeEach
  void listenersReady() {
    Events.awaitListenersAssigned(stages);
  }

  private TopicReader<ReplySegment> replies() {
    return TopicReader.avro(broker.getBrokersAsString(), Topics.REPLIES.name(), ReplySegment.class);
  }

  private static List<ReplySegment> segments(TopicReader<ReplySegment> reader, String callSid) {
    return reader.values(s -> s.getCallSid().toString().equals(callSid)).stream()
        .sorted(Comparator.comparingInt(ReplySegment::getSeq)).toList();
  }

  @Test
  void theModelBooksThroughTheToolAndTheCallerHearsTheFillerWhileTheSlowServiceWorks() throws Exception {
    booking.respondAfter(Duration.ofMillis(1500));
    openAi.onChat("MARK-BOOK", chat -> {
      if (chat.toolResult("book_appointment").isEmpty()) {
        chat.toolCall("book_appointment", "{\"day\":\"שלישי\",\"time\":\"10:00\"}");
        chat.finish("tool_calls");
      } else {
        chat.stream("קבעתי לכם תור ליום שלישי בבוקר. ", "נתראה!");
      }
    });
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-book", 1, "MARK-BOOK אפשר לקבוע תור ליום שלישי?"));

      replies.awaitValue(s -> s.getCallSid().toString().equals("CA-book") && s.getLast());
      List<ReplySegment> all = segments(replies, "CA-book");
      assertThat(all).extracting(s -> s.getText().toString()).startsWith("רגע, אני בודקת.", "קבעתי לכם תור ליום שלישי בבוקר.");
      assertThat(all).allSatisfy(s -> assertThat(s.getKind()).isEqualTo(ReplyKind.ANSWER));
      assertThat(all.getFirst().getLast()).isFalse();
    }
    assertThat(booking.bookings()).singleElement().satisfies(b -> assertThat(b.path("day").asString()).isEqualTo("שלישי"));
    assertThat(openAi.chatRequestContaining("MARK-BOOK").toString()).contains("book_appointment").contains("היום המבוקש");
    assertThat(openAi.chatRequestBodies()).anySatisfy(body -> assertThat(body).contains("\"role\":\"tool\"").contains("B-100"));
  }

  @Test
  void whenTheModelIsDownTheScriptedFallbackBooksThroughTheSameTool() throws Exception {
    booking.respondAfter(Duration.ZERO);
    openAi.onChat("MARK-DOWN", chat -> chat.error(500, "the model is on fire"));
    int before = booking.bookings().size();
    try (TopicReader<ReplySegment> replies = replies()) {
      publisher.publish(Topics.TRANSCRIPTS, Events.transcript("CA-down", 1, "MARK-DOWN אני רוצה לקבוע תור ליום רביעי"));

      ReplySegment last = replies.awaitValue(s -> s.getCallSid().toString().equals("CA-down") && s.getLast());
      assertThat(last.getKind()).isEqualTo(ReplyKind.FALLBACK);
      String spoken = String.join(" ", segments(replies, "CA-down").stream().map(s -> s.getText().toString()).toList());
      assertThat(spoken).contains("קבעתי לכם תור ליום רביעי");
    }
    assertThat(booking.bookings()).hasSize(before + 1);
    assertThat(booking.bookings().getLast().path("day").asString()).isEqualTo("רביעי");
  }
}
