package com.voiceagent.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.voiceagent.events.ReplyKind;
import com.voiceagent.events.ReplySegment;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TranscriptStatus;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.OpenAiFixture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine B of the dialog on hand-written records: a business tool the model asks for is offered, never run. */
class DialogRerunTest {
  private static final String SID = "CA" + "2".repeat(32);

  @Test
  void aToolTheModelAsksForIsNamedInTheReportAndNeverCalled(@TempDir Path dir) throws Exception {
    AtomicInteger bookings = new AtomicInteger();
    HttpServer booking = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    booking.createContext("/bookings", exchange -> {
      bookings.incrementAndGet();
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    });
    booking.start();
    Path business = dir.resolve("business.yml");
    Files.writeString(business, """
        name: מספרת הדקל
        greeting: "שלום, הגעתם למספרת הדקל."
        hours: "פתוח עד שבע."
        phrases:
          repeat: "לא שמעתי, אפשר לחזור?"
          goodbye: "להתראות."
          generic: "איך אפשר לעזור?"
          apology: "סליחה, יש תקלה."
          tool-failed: "מצטערים, לא הצלחתי לקבוע את התור."
        tools:
          - name: book_appointment
            description: "קובע תור."
            parameters: {type: object, properties: {day: {type: string}}, required: [day]}
            url: http://127.0.0.1:%d/bookings
            auth: {header: X-Api-Key, env: BOOKING_API_KEY}
        """.formatted(booking.getAddress().getPort()));
    CallRecords call = new CallRecords(SID);
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    call.transcripts.add(Transcript.newBuilder().setCallSid(SID).setTurn(1).setProducer("stt").setEventTime(t)
        .setReplyTo("voice.audio.gw").setText("אני רוצה תור ליום שלישי").setStatus(TranscriptStatus.OK).setSpeechEndedAt(t).build());
    call.replies.add(ReplySegment.newBuilder().setCallSid(SID).setTurn(1).setProducer("dialog").setEventTime(t)
        .setReplyTo("voice.audio.gw").setSeq(0).setLast(true).setText("קבעתי לכם תור ליום שלישי.").setKind(ReplyKind.ANSWER)
        .build());

    try (OpenAiFixture openAi = OpenAiFixture.start(LatencyModel.instant());
        DialogEngineB engine = DialogEngineB.of(null, null, Map.of("OPENAI_BASE_URL", openAi.baseUrl(), "OPENAI_API_KEY",
            "test-key", "BUSINESS_FILE", business.toString()))) {
      openAi.otherwiseChat(chat -> chat.toolCall("book_appointment", "{\"day\":\"שלישי\"}").finish("tool_calls"));
      DialogRerun.Report report = DialogRerun.compare(List.of(new Conversation(call)), engine);

      assertThat(openAi.chatRequestContaining("book_appointment").toString()).as("the tool offered as the service offers it")
          .contains("קובע תור.");
      DialogRerun.TurnComparison turn = report.turns().getFirst();
      assertThat(turn.toolsAskedB()).containsExactly("book_appointment");
      assertThat(turn.replyB()).as("B goes on as the service does when a tool fails").isEqualTo("מצטערים, לא הצלחתי לקבוע את התור.");
      assertThat(turn.changed()).isTrue();
      assertThat(turn.engineMsA()).as("no timeline recorded").isNull();
    } finally {
      booking.stop(0);
    }
    assertThat(bookings).as("rerun never runs a tool").hasValue(0);
  }
}
