package com.voiceagent.dialog.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.dialog.DialogProperties;
import com.voiceagent.dialog.engine.CancellationToken;
import com.voiceagent.dialog.engine.Conversation;
import com.voiceagent.dialog.engine.SentenceSink;
import com.voiceagent.dialog.scripted.Business;
import com.voiceagent.dialog.tools.HttpTool;
import com.voiceagent.dialog.tools.Tool;
import com.voiceagent.dialog.tools.ToolCall;
import com.voiceagent.dialog.tools.ToolSpec;
import com.voiceagent.dialog.tools.ToolRegistry;
import com.voiceagent.dialog.tools.ToolRunner;
import com.voiceagent.fixtures.BookingFixture;
import com.voiceagent.fixtures.ChatExchange;
import com.voiceagent.fixtures.LatencyModel;
import com.voiceagent.fixtures.OpenAiFixture;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI engine's tool loop over real HTTP: openai-java streaming from the OpenAI fixture (tool_calls
 * deltas as OpenAI streams them), the booking tool called on the booking fixture, the result sent back as
 * a tool message and the model's answer streamed.
 */
class OpenAiToolLoopTest {
  static final String FILLER = "רגע, אני בודק.";
  static final Pattern CONFIRMATION = Pattern.compile("\"confirmation\":\"([^\"]+)\"");

  @TempDir Path dir;
  OpenAiFixture openAi;
  BookingFixture booking;

  @BeforeEach
  void start() throws Exception {
    openAi = OpenAiFixture.start(LatencyModel.instant());
    booking = BookingFixture.start().requireHeader("X-Api-Key", "booking-secret");
    openAi.onChat("תור", OpenAiToolLoopTest::bookThenConfirm);
  }

  @AfterEach
  void stop() {
    openAi.close();
    booking.close();
  }

  /** The model as it behaves with a booking tool: asks for it, then answers from its result. */
  static void bookThenConfirm(ChatExchange chat) throws Exception {
    String result = chat.toolResult("book_appointment").orElse(null);
    if (result == null) {
      chat.toolCall("book_appointment", "{\"day\":\"שלישי\",\"time\":\"10:00\",\"name\":\"דנה\"}");
      chat.finish("tool_calls");
      return;
    }
    Matcher m = CONFIRMATION.matcher(result);
    chat.stream("קבעתי לכם תור ליום שלישי בעשר. ", "מספר האישור " + (m.find() ? m.group(1) : "לא ידוע") + ".");
  }

  private OpenAiDialogEngine engine(String timeout, int maxRounds) throws Exception {
    Path file = dir.resolve("business.yml");
    Files.writeString(file, """
        name: "מספרת דנה"
        greeting: "שלום"
        phrases: {repeat: "שוב?", goodbye: "ביי", generic: "כן?", apology: "סליחה"}
        tools:
          - name: book_appointment
            description: "Books an appointment at the salon for a day and time."
            parameters:
              type: object
              properties:
                day: {type: string, description: "day of the week in Hebrew"}
                time: {type: string, description: "HH:MM"}
                name: {type: string}
              required: [day]
            url: %s
            timeout: %s
            auth: {header: X-Api-Key, env: BOOKING_API_KEY}
        """.formatted(booking.bookingsUrl(), timeout));
    Business business = Business.load(file.toString());
    ToolRegistry registry = new ToolRegistry(HttpTool.fromBusiness(business, Map.of("BOOKING_API_KEY", "booking-secret")::get,
        HttpClient.newHttpClient()));
    ToolRunner tools = new ToolRunner(registry, Duration.ofMillis(700), business.toolWaitText(), business.toolFailedText(), maxRounds);
    return new OpenAiDialogEngine(settings(), "את העוזרת של מספרת דנה.", 0, tools);
  }

  private DialogProperties.OpenAi settings() {
    return new DialogProperties.OpenAi("fixture-key", openAi.baseUrl(), "gpt-4o-mini", 0, Duration.ofSeconds(30), 300, 0.4);
  }

  /** Sentences with the time each arrived. */
  static final class Heard implements SentenceSink {
    final List<String> sentences = new CopyOnWriteArrayList<>();
    final List<Long> at = new CopyOnWriteArrayList<>();

    @Override
    public boolean sentence(String text, boolean last) {
      sentences.add(text);
      at.add(System.nanoTime());
      return true;
    }

    @Override
    public void endCall(String reason) {}

    @Override
    public void transfer(String reason) {}
  }

  private static Heard ask(OpenAiDialogEngine engine, Conversation.Channel channel, String said, CancellationToken cancel) {
    Heard heard = new Heard();
    engine.reply(new Conversation("CA-tools", channel, List.of()), said, heard, cancel);
    return heard;
  }

  @Test
  void anOutboundCallsContextIsInTheInstructionsAndTheModelOpensTheCall() throws Exception {
    String context = "תזכורת לתור שלך מחר ב-9:30";
    openAi.onChat(Conversation.CALL_ANSWERED, chat -> chat.stream("שלום, כאן מספרת דנה. ", "רצינו להזכיר לך את התור מחר."));
    Heard heard = new Heard();
    engine("2s", 2).reply(new Conversation("CA-out", Conversation.Channel.VOICE, List.of(), context),
        Conversation.CALL_ANSWERED, heard, new CancellationToken());
    assertThat(String.join(" ", heard.sentences)).isEqualTo("שלום, כאן מספרת דנה. רצינו להזכיר לך את התור מחר.");
    String system = openAi.chatRequestContaining(Conversation.CALL_ANSWERED).path("messages").get(0).path("content").asString();
    assertThat(system).contains("זו שיחה יוצאת").contains(context);

    ask(engine("2s", 2), Conversation.Channel.VOICE, "מה שעות הפתיחה?", new CancellationToken());
    assertThat(openAi.chatRequestContaining("מה שעות הפתיחה?").toString()).as("an inbound call's instructions")
        .doesNotContain("זו שיחה יוצאת");
  }

  @Test
  void theModelsToolCallBooksThroughTheServiceAndTheAnswerSpeaksItsConfirmation() throws Exception {
    Heard heard = ask(engine("5s", 3), Conversation.Channel.VOICE, "אני רוצה לקבוע תור ליום שלישי", new CancellationToken());

    assertThat(heard.sentences).containsExactly("קבעתי לכם תור ליום שלישי בעשר.", "מספר האישור B-1001.");
    assertThat(booking.bookings()).singleElement().satisfies(b -> {
      assertThat(b.path("day").asString()).isEqualTo("שלישי");
      assertThat(b.path("time").asString()).isEqualTo("10:00");
    });
    List<String> requests = openAi.chatRequestBodies();
    assertThat(requests).hasSize(2);
    JsonNode first = openAi.chatRequestContaining("book_appointment");
    JsonNode tool = first.path("tools").valueStream().filter(t -> "book_appointment".equals(t.path("function").path("name").asString()))
        .findFirst().orElseThrow();
    assertThat(tool.path("type").asString()).isEqualTo("function");
    assertThat(tool.path("function").path("description").asString()).isEqualTo("Books an appointment at the salon for a day and time.");
    assertThat(tool.path("function").path("parameters").path("required").get(0).asString()).isEqualTo("day");
    assertThat(tool.path("function").path("parameters").path("properties").path("day").path("description").asString())
        .isEqualTo("day of the week in Hebrew");
    // The follow-up carries the assistant's tool call and the service's answer as the tool message.
    assertThat(requests.get(1)).contains("\"role\":\"tool\"").contains("B-1001");
  }

  @Test
  void aSlowToolMakesTheCallerHearTheFillerOnceWhileItRuns() throws Exception {
    booking.respondAfter(Duration.ofMillis(1500));
    OpenAiDialogEngine engine = engine("5s", 3);
    long asked = System.nanoTime();
    Heard heard = ask(engine, Conversation.Channel.VOICE, "אפשר לקבוע תור?", new CancellationToken());

    assertThat(heard.sentences).containsExactly(FILLER, "קבעתי לכם תור ליום שלישי בעשר.", "מספר האישור B-1001.");
    long bookingAnswered = booking.arrivals().getFirst() + Duration.ofMillis(1500).toNanos();
    // The tool cannot start before the question was asked, and the filler waits 700 ms for it.
    assertThat((heard.at.get(0) - asked) / 1_000_000).as("no filler before the 700 ms").isGreaterThanOrEqualTo(700L);
    assertThat(heard.at.get(0)).as("the filler while the booking service is still working").isLessThan(bookingAnswered);
    assertThat(heard.at.get(1)).as("the answer once the booking came back").isGreaterThanOrEqualTo(bookingAnswered);
    assertThat(booking.bookings()).hasSize(1);
  }

  @Test
  void aFastToolIsAnsweredWithoutTheFiller() throws Exception {
    booking.respondAfter(Duration.ofMillis(100));
    Heard heard = ask(engine("5s", 3), Conversation.Channel.VOICE, "תור למחר", new CancellationToken());
    assertThat(heard.sentences).doesNotContain(FILLER).hasSize(2);
  }

  @Test
  void aWhatsAppConversationGetsNoFiller() throws Exception {
    booking.respondAfter(Duration.ofMillis(1000));
    Heard heard = ask(engine("5s", 3), Conversation.Channel.TEXT, "תור בבקשה", new CancellationToken());
    assertThat(heard.sentences).containsExactly("קבעתי לכם תור ליום שלישי בעשר.", "מספר האישור B-1001.");
  }

  @Test
  void aFailingToolGetsThePoliteHebrewPhraseAndNoSecondModelRound() throws Exception {
    booking.failNext(1);
    OpenAiDialogEngine engine = engine("5s", 3);
    Heard heard = ask(engine, Conversation.Channel.VOICE, "לקבוע תור", new CancellationToken());

    assertThat(heard.sentences).singleElement().satisfies(s -> assertThat(s).startsWith("סליחה, לא הצלחתי לבדוק"));
    assertThat(openAi.chatRequestBodies()).hasSize(1);
    assertThat(booking.requests()).isEqualTo(1);
    assertThat(booking.bookings()).isEmpty();
  }

  @Test
  void aToolPastItsTimeoutGetsThePolitePhraseAtTheTimeout() throws Exception {
    booking.respondAfter(Duration.ofSeconds(4));
    OpenAiDialogEngine engine = engine("1500ms", 3);
    long asked = System.nanoTime();
    Heard heard = ask(engine, Conversation.Channel.VOICE, "לקבוע תור", new CancellationToken());

    assertThat(heard.sentences).hasSize(2);
    assertThat(heard.sentences.get(0)).isEqualTo(FILLER);
    assertThat(heard.sentences.get(1)).startsWith("סליחה, לא הצלחתי לבדוק");
    assertThat((heard.at.getLast() - asked) / 1_000_000).as("not before the tool's 1.5 s timeout").isGreaterThanOrEqualTo(1500L);
    assertThat(heard.at.getLast()).as("without waiting for the 4 s booking")
        .isLessThan(booking.arrivals().getFirst() + Duration.ofSeconds(4).toNanos());
  }

  @Test
  void aModelThatKeepsAskingForToolsIsStoppedAfterTheRoundLimit() throws Exception {
    openAi.onChat("לולאה", chat -> {
      chat.toolCall("book_appointment", "{\"day\":\"רביעי\"}");
      chat.finish("tool_calls");
    });
    Heard heard = ask(engine("5s", 3), Conversation.Channel.VOICE, "לולאה", new CancellationToken());

    assertThat(openAi.chatRequestBodies()).hasSize(3);
    assertThat(booking.bookings()).hasSize(2);
    assertThat(heard.sentences).last().satisfies(s -> assertThat(s).startsWith("סליחה, לא הצלחתי לבדוק"));
  }

  /** A built-in tool as the lead registers one in code (a Tool bean), offered on calls only. */
  static final class HoldMusic implements Tool {
    final List<ToolCall> calls = new CopyOnWriteArrayList<>();

    @Override
    public ToolSpec spec() {
      return new ToolSpec("play_hold_music", "Plays hold music to the caller.", Map.of("type", "object", "properties", Map.of()),
          Duration.ofSeconds(2), java.util.EnumSet.of(Conversation.Channel.VOICE));
    }

    @Override
    public java.util.concurrent.CompletableFuture<String> call(ToolCall call) {
      calls.add(call);
      return java.util.concurrent.CompletableFuture.completedFuture("{\"playing\":true}");
    }
  }

  @Test
  void aBuiltInToolRegisteredInCodeIsOfferedInItsChannelsOnlyAndCalledWithTheConversation() throws Exception {
    HoldMusic holdMusic = new HoldMusic();
    ToolRunner tools = new ToolRunner(new ToolRegistry(List.of(holdMusic)), Duration.ofMillis(700), FILLER, "סליחה, לא הצלחתי.", 3);
    OpenAiDialogEngine engine = new OpenAiDialogEngine(settings(), "prompt", 0, tools);
    openAi.onChat("המתנה", chat -> {
      if (chat.toolResult("play_hold_music").isEmpty() && chat.offersTool("play_hold_music")) {
        chat.toolCall("play_hold_music", "{}");
        chat.finish("tool_calls");
      } else {
        chat.stream("מוזיקה מתנגנת.");
      }
    });

    assertThat(ask(engine, Conversation.Channel.VOICE, "המתנה בבקשה", new CancellationToken()).sentences).containsExactly("מוזיקה מתנגנת.");
    assertThat(holdMusic.calls).singleElement().satisfies(call -> {
      assertThat(call.conversationId()).isEqualTo("CA-tools");
      assertThat(call.channel()).isEqualTo(Conversation.Channel.VOICE);
    });
    assertThat(ask(engine, Conversation.Channel.TEXT, "המתנה בבקשה", new CancellationToken()).sentences).containsExactly("מוזיקה מתנגנת.");
    assertThat(openAi.chatRequestBodies().getLast()).doesNotContain("play_hold_music");
    assertThat(holdMusic.calls).hasSize(1);
  }

  @Test
  void aBargeInWhileTheToolRunsEndsTheReplyAtOnceWithNothingMoreSaid() throws Exception {
    booking.respondAfter(Duration.ofSeconds(3));
    OpenAiDialogEngine engine = engine("5s", 3);
    CancellationToken cancel = new CancellationToken();
    Thread.ofVirtual().start(() -> {
      // The caller talks over the filler, one second after the booking request went out.
      try {
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(10)).until(() -> booking.requests() > 0);
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      cancel.cancel("barge-in");
    });
    Heard heard = ask(engine, Conversation.Channel.VOICE, "לקבוע תור", cancel);
    long returned = System.nanoTime();

    assertThat((returned - booking.arrivals().getFirst()) / 1_000_000).as("back long before the 3 s booking").isLessThan(2000L);
    assertThat(heard.sentences).containsExactly(FILLER);
    assertThat(openAi.chatRequestBodies()).hasSize(1);
  }
}
