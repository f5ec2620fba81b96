package com.voiceagent.dialog.scripted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.dialog.engine.CancellationToken;
import com.voiceagent.dialog.engine.Conversation;
import com.voiceagent.dialog.engine.SentenceSink;
import com.voiceagent.dialog.speech.HangupWords;
import com.voiceagent.dialog.tools.HttpTool;
import com.voiceagent.dialog.tools.ToolRegistry;
import com.voiceagent.dialog.tools.ToolRunner;
import com.voiceagent.fixtures.BookingFixture;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offline mode books an appointment: the sample booking business file against the booking fixture. */
class ScriptedToolsTest {
  @TempDir Path dir;
  BookingFixture booking;
  Business business;

  @BeforeEach
  void start() throws Exception {
    booking = BookingFixture.start().requireHeader("X-Api-Key", "offline-key");
    business = Business.load(sampleAt(dir, booking.bookingsUrl()).toString());
  }

  @AfterEach
  void stop() {
    booking.close();
  }

  /** The sample business-booking.yml with its tool pointed at {@code url}. */
  static Path sampleAt(Path dir, String url) throws Exception {
    try (InputStream in = ScriptedToolsTest.class.getClassLoader().getResourceAsStream("scripted/business-booking.yml")) {
      String sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(sample).contains("http://127.0.0.1:18082/bookings");
      Path file = dir.resolve("business-booking.yml");
      Files.writeString(file, sample.replace("http://127.0.0.1:18082/bookings", url));
      return file;
    }
  }

  private ScriptedDialogEngine engine() {
    ToolRegistry registry = new ToolRegistry(HttpTool.fromBusiness(business, Map.of("BOOKING_API_KEY", "offline-key")::get,
        HttpClient.newHttpClient()));
    return new ScriptedDialogEngine(business, new HangupWords(List.of("ביי")),
        new ToolRunner(registry, Duration.ofMillis(700), business.toolWaitText(), business.toolFailedText(), 3));
  }

  private List<String> ask(String said) {
    List<String> heard = new CopyOnWriteArrayList<>();
    engine().reply(new Conversation("CA-offline", Conversation.Channel.VOICE, List.of()), said, new SentenceSink() {
      @Override
      public boolean sentence(String text, boolean last) {
        heard.add(text);
        return true;
      }

      @Override
      public void endCall(String reason) {}

      @Override
      public void transfer(String reason) {}
    }, new CancellationToken());
    return heard;
  }

  @Test
  void aBookingRequestBooksWithTheDayTheCallerSaidAndSpeaksTheConfirmation() {
    List<String> heard = ask("אני רוצה לקבוע תור ליום שלישי");

    assertThat(booking.bookings()).singleElement().satisfies(b -> {
      assertThat(b.path("day").asString()).isEqualTo("שלישי");
      assertThat(b.path("note").asString()).isEqualTo("אני רוצה לקבוע תור ליום שלישי");
    });
    assertThat(String.join(" ", heard)).isEqualTo("קבעתי לכם תור ליום שלישי בשעה 10:00. מספר האישור B-1001.");
  }

  @Test
  void aSlowBookingServiceMakesTheCallerHearTheFillerFirst() {
    booking.respondAfter(Duration.ofMillis(1200));
    List<String> heard = ask("אפשר תור למחר?");
    assertThat(heard.getFirst()).isEqualTo("רגע, אני בודקת.");
    assertThat(String.join(" ", heard)).contains("ליום מחר").contains("B-1001");
  }

  @Test
  void aBookingServiceOutageGetsTheBusinessesPolitePhrase() {
    booking.failNext(1);
    assertThat(ask("לקבוע תור ליום רביעי")).containsExactly("סליחה, לא הצלחתי לקבוע את התור כרגע.",
        "אפשר לנסות שוב עוד מעט, או להתקשר אלינו ל-03-555-1234.");
    assertThat(booking.bookings()).isEmpty();
  }

  @Test
  void aBookingRequestWithoutADayAsksForTheDayInsteadOfBooking() {
    assertThat(ask("אני רוצה לקבוע תור")).containsExactly("בשמחה.", "לאיזה יום לקבוע לכם את התור?");
    assertThat(booking.requests()).isZero();
  }

  @Test
  void otherIntentsDoNotCallTheTool() {
    assertThat(String.join(" ", ask("מה הכתובת?"))).contains("הרצל 12");
    assertThat(booking.requests()).isZero();
  }

  @Test
  void anIntentNamingAToolThatDoesNotExistFailsStartup() {
    assertThatThrownBy(() -> new ScriptedDialogEngine(business, new HangupWords(List.of("ביי"))))
        .hasMessageContaining("intent 'booking' names tool 'book_appointment'");
  }
}
