package com.voiceagent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.ReplySegment;
import com.voiceagent.fixtures.BookingFixture;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.Transcription;
import com.voiceagent.schemas.Topics;
import com.voiceagent.twiliokit.media.MediaStreamClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A business tool end to end: a simulated Twilio call asks for an appointment, the LLM (the OpenAI
 * fixture, over SSE) calls the business file's booking tool, dialog-service calls the booking fixture,
 * which is slow, so the caller hears the filler before the confirmation; the booking is recorded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusinessToolsEndToEndIT {
  static final String ASKED = "אני רוצה לקבוע תור ליום שלישי בעשר";
  static final String FILLER = "רגע, אני בודקת.";
  static final String CONFIRMED = "קבעתי לכם תור ליום שלישי בעשר בבוקר.";

  Stack stack;
  BookingFixture booking;
  Path businessFile;

  @BeforeAll
  void startTheStack() throws Exception {
    booking = BookingFixture.start().respondAfter(Duration.ofMillis(1500)).requireHeader("X-Api-Key", "e2e-booking-key");
    businessFile = Files.createTempFile("business-tools-e2e", ".yml");
    Files.writeString(businessFile, """
        name: "מספרת דנה"
        greeting: "שלום, הגעתם למספרת דנה."
        phone: "03-555-1234"
        phrases:
          repeat: "סליחה, אפשר לחזור על זה?"
          goodbye: "תודה ולהתראות!"
          generic: "אפשר לשאול אותי על תורים."
          apology: "סליחה, משהו השתבש."
          tool-wait: "%s"
        tools:
          - name: book_appointment
            description: "Books an appointment at the salon."
            parameters:
              type: object
              properties:
                day: {type: string}
                time: {type: string}
              required: [day]
            url: %s
            timeout: 5s
            auth: {header: X-Api-Key, env: BOOKING_API_KEY}
        """.formatted(FILLER, booking.bookingsUrl()));
    stack = new Stack(LatencyModel.instant())
        .withEnv("BUSINESS_FILE", businessFile.toString())
        .withEnv("BOOKING_API_KEY", "e2e-booking-key");
    stack.openAi.transcribeWith(request -> Transcription.text(ASKED));
    stack.openAi.onChat("לקבוע תור", chat -> {
      if (chat.toolResult("book_appointment").isEmpty()) {
        chat.toolCall("book_appointment", "{\"day\":\"שלישי\",\"time\":\"10:00\"}");
        chat.finish("tool_calls");
      } else {
        chat.stream("קבעתי לכם תור ליום שלישי ", "בעשר בבוקר.");
      }
    });
    stack.withGateway("gw-a").withStages().awaitStarted();
  }

  @AfterAll
  void stopTheStack() throws Exception {
    if (stack != null) {
      stack.close();
    }
    if (booking != null) {
      booking.close();
    }
    if (businessFile != null) {
      Files.deleteIfExists(businessFile);
    }
  }

  @Test
  void theLlmBooksThroughTheToolAndTheCallerHearsTheFillerWhileTheSlowBookingRuns() throws Exception {
    String callSid = Stack.newCallSid();
    try (MediaStreamClient call = stack.dial("gw-a", callSid)) {
      call.say(VoiceLoopEndToEndIT.question());
      // Segment 0 of turn 1 is the filler, segment 1 the confirmation: both played to the caller.
      await().atMost(Duration.ofSeconds(90)).until(() -> call.hasMark("t1-s1"));
      assertThat(call.protocolErrors()).isEmpty();
    }

    assertThat(booking.bookings()).singleElement().satisfies(b -> {
      assertThat(b.path("day").asString()).isEqualTo("שלישי");
      assertThat(b.path("time").asString()).isEqualTo("10:00");
    });
    List<ReplySegment> turn = TopicReader.readAll(stack.bootstrapServers(), Topics.REPLIES.name(), Topics.REPLIES.serde()).stream()
        .map(ConsumerRecord::value).filter(s -> s.getCallSid().toString().equals(callSid) && s.getTurn() == 1)
        .sorted(Comparator.comparingInt(ReplySegment::getSeq)).toList();
    assertThat(turn).extracting(s -> s.getText().toString()).startsWith(FILLER, CONFIRMED);
    // The caller heard them: each was synthesized by the TTS fixture, the filler first.
    List<String> spoken = stack.google.requests().stream()
        .map(r -> r.getInput().hasSsml() ? r.getInput().getSsml() : r.getInput().getText()).toList();
    int filler = indexContaining(spoken, FILLER);
    int confirmed = indexContaining(spoken, "קבעתי לכם תור");
    assertThat(filler).isNotNegative();
    assertThat(confirmed).isGreaterThan(filler);
    // The follow-up request gave the model the booking service's confirmation as the tool's result.
    assertThat(stack.openAi.chatRequestBodies()).anySatisfy(body -> assertThat(body).contains("\"role\":\"tool\"").contains("B-1001"));
  }

  private static int indexContaining(List<String> texts, String part) {
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }
}
