package com.voiceagent.dialog.scripted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.dialog.tools.HttpTool;
import com.voiceagent.dialog.tools.Tool;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The business file's tools section: what it accepts, and the clear startup errors for what it does not. */
class BusinessToolsTest {
  @TempDir Path dir;

  private static final String HEADER = """
      name: "מספרת דנה"
      greeting: "שלום"
      phrases: {repeat: "שוב?", goodbye: "ביי", generic: "כן?", apology: "סליחה"}
      """;

  private Business load(String tools) throws Exception {
    Path file = dir.resolve("business-" + System.nanoTime() + ".yml");
    Files.writeString(file, HEADER + tools);
    return Business.load(file.toString());
  }

  private static final String BOOKING = """
      tools:
        - name: book_appointment
          description: "Books an appointment at the salon."
          parameters:
            type: object
            properties:
              day: {type: string, description: "the day"}
              time: {type: string}
            required: [day]
          url: https://booking.example.com/api/bookings
          timeout: 4s
          auth: {header: X-Api-Key, env: BOOKING_API_KEY}
      """;

  @Test
  void aCompleteToolIsReadWithItsSchemaAsDeclared() throws Exception {
    Business business = load(BOOKING);
    Business.ToolDeclaration tool = business.toolsOrEmpty().getFirst();
    assertThat(tool.name()).isEqualTo("book_appointment");
    assertThat(tool.parameters()).containsEntry("type", "object").containsEntry("required", List.of("day"));
    assertThat(ToolDeclarations.timeout(tool)).isEqualTo(Duration.ofSeconds(4));
    assertThat(tool.auth().env()).isEqualTo("BOOKING_API_KEY");
  }

  @Test
  void aBusinessFileWithoutToolsHasNone() {
    assertThat(Business.load("classpath:scripted/business.yml").toolsOrEmpty()).isEmpty();
  }

  @Test
  void theTimeoutDefaultsToFiveSeconds() throws Exception {
    Business business = load("""
        tools:
          - {name: t, description: d, url: "https://x.example/t"}
        """);
    assertThat(ToolDeclarations.timeout(business.toolsOrEmpty().getFirst())).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void plainHttpIsRefusedExceptOnLoopback() throws Exception {
    assertThatThrownBy(() -> load("""
        tools:
          - {name: t, description: d, url: "http://booking.example.com/t"}
        """)).hasMessageContaining("tools[0] (t).url").hasMessageContaining("must be https");
    assertThatThrownBy(() -> load("""
        tools:
          - {name: t, description: d, url: "http://localhost.example.com/t"}
        """)).hasMessageContaining("must be https");
    for (String loopback : List.of("http://127.0.0.1:18082/bookings", "http://localhost:8080/b", "http://[::1]:9/b")) {
      assertThat(load("tools:\n  - {name: t, description: d, url: \"" + loopback + "\"}\n").toolsOrEmpty()).hasSize(1);
    }
  }

  @Test
  void everyMistakeIsNamedInOneStartupError() throws Exception {
    assertThatThrownBy(() -> load("""
        tools:
          - {name: "book appointment", description: d, url: "https://x.example/t"}
          - {name: end_call, description: d, url: "https://x.example/t"}
          - {name: a, url: "https://x.example/t"}
          - {name: a, description: d, url: "https://x.example/t", timeout: "soon"}
          - {name: b, description: d, url: "https://x.example/t", timeout: 2m}
          - {name: c, description: d, url: "https://x.example/t", parameters: {type: string}}
          - {name: e, description: d}
          - {name: f, description: d, url: "https://x.example/t", auth: {header: "X Key", env: "1BAD"}}
        """))
        .hasMessageContaining("tools[0] (book appointment).name must be 1-64 letters")
        .hasMessageContaining("tools[1] (end_call).name 'end_call' is reserved")
        .hasMessageContaining("tools[2] (a).description is missing")
        .hasMessageContaining("tools[3] (a).name is used twice")
        .hasMessageContaining("tools[3] (a).timeout 'soon' is not a duration")
        .hasMessageContaining("tools[4] (b).timeout must be above 0 and at most 30s")
        .hasMessageContaining("tools[5] (c).parameters must be a JSON schema of type: object")
        .hasMessageContaining("tools[6] (e).url is missing")
        .hasMessageContaining("tools[7] (f).auth.header must be an HTTP header name")
        .hasMessageContaining("tools[7] (f).auth.env must name the environment variable");
  }

  @Test
  void anUnsetAuthVariableIsAStartupErrorNamingIt() throws Exception {
    Business business = load(BOOKING);
    assertThatThrownBy(() -> HttpTool.fromBusiness(business, Map.<String, String>of()::get, HttpClient.newHttpClient()))
        .hasMessageContaining("BOOKING_API_KEY").hasMessageContaining("X-Api-Key").hasMessageContaining("book_appointment");
  }

  @Test
  void theAuthSecretNeverAppearsInWhatIsLogged() throws Exception {
    Business business = load(BOOKING);
    List<Tool> tools = HttpTool.fromBusiness(business, Map.of("BOOKING_API_KEY", "s3cret-value")::get, HttpClient.newHttpClient());
    assertThat(tools).singleElement().satisfies(tool -> {
      assertThat(tool.toString()).contains("book_appointment").contains("X-Api-Key").doesNotContain("s3cret-value");
      assertThat(tool.spec().toString()).doesNotContain("s3cret-value");
    });
  }

  @Test
  void anIntentMayNameAToolWithArgumentTemplates() throws Exception {
    Business business = load(BOOKING + """
        intents:
          - name: booking
            keywords: ["תור"]
            tool: book_appointment
            arguments: {day: "{said.day}", note: "{said}"}
            reply: "קבעתי לכם תור ליום {result.day}. מספר האישור {result.confirmation}."
        """);
    Business.Intent intent = business.intentsOrEmpty().getFirst();
    assertThat(intent.tool()).isEqualTo("book_appointment");
    assertThat(ToolReplies.json(ToolReplies.arguments(intent.argumentsOrEmpty(), "אני רוצה תור ביום שלישי", business)))
        .isEqualTo("{\"day\":\"שלישי\",\"note\":\"אני רוצה תור ביום שלישי\"}");
    assertThat(ToolReplies.render(intent.reply(), "{\"day\":\"שלישי\",\"confirmation\":\"B-1001\"}"))
        .isEqualTo("קבעתי לכם תור ליום שלישי. מספר האישור B-1001.");
  }

  @Test
  void theToolPhrasesHaveHebrewDefaultsAndCanBeOverridden() throws Exception {
    Business defaults = load("");
    assertThat(defaults.toolWaitText()).isEqualTo("רגע, אני בודק.");
    assertThat(defaults.toolFailedText()).startsWith("סליחה");
    Path file = dir.resolve("phrases.yml");
    Files.writeString(file, HEADER.replace("apology: \"סליחה\"}", "apology: \"סליחה\", tool-wait: \"שנייה, בודקת.\", tool-failed: \"לא הצלחתי.\"}"));
    Business custom = Business.load(file.toString());
    assertThat(custom.toolWaitText()).isEqualTo("שנייה, בודקת.");
    assertThat(custom.toolFailedText()).isEqualTo("לא הצלחתי.");
  }
}
