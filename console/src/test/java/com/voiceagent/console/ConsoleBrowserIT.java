package com.voiceagent.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.simulator.CallOptions;
import com.voiceagent.simulator.CallResult;
import com.voiceagent.simulator.CallSimulator;
import com.voiceagent.simulator.CallerRecordings;
import com.voiceagent.simulator.GatewayStack;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console as an analyst uses it, end to end: the real gateway on a real broker, the console reading its
 * topics, headless Chromium (Debian's chromium driven by playwright-core, src/test/browser) on the live page while
 * the simulator places a real call: the call appears with its transcript, the call page has its turn table and
 * recording, the page is right-to-left, and without the token nothing is shown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {
  private static final String TOKEN = "console-test-token-0123456789";
  private static final Path BROWSER_DIR = Path.of(System.getProperty("console.browser.dir", "src/test/browser"));
  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

  private final GatewayStack stack = GatewayStack.shared();
  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private ConfigurableApplicationContext console;
  private String base;

  @BeforeAll
  void startTheConsole() {
    stack.answerWith(CallerRecordings.agentAudio(500, 0x11));
    console = TestConsole.start("--voice.console.kafka-bootstrap-servers=" + stack.kafka.getBrokersAsString(),
        "--voice.edge.api-tokens=" + TOKEN);
    base = TestConsole.address(console);
  }

  @AfterAll
  void stopTheConsole() {
    console.close();
  }

  @Test
  void aCallPlacedWhileTheLivePageIsOpenAppearsWithItsTranscriptTurnTableAndRecording(@TempDir Path calls) throws Exception {
    requireTheBrowser();
    Process browser = new ProcessBuilder("node", "console-check.mjs", base, TOKEN, GatewayStack.TRANSCRIPT, GatewayStack.REPLY)
        .directory(BROWSER_DIR.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> lines = new ArrayList<>();
    // Its own thread, not the common pool: on 2 cores that pool has one thread, which the WebSocket client needs.
    Thread reading = Thread.ofPlatform().daemon().name("browser-output").start(() -> readLines(browser, lines));
    try {
      await().atMost(Duration.ofSeconds(90)).until(() -> contains(lines, "READY") || !browser.isAlive());
      assertThat(contains(lines, "READY")).as("the browser opened the live page: %s", lines).isTrue();

      CallResult call = call(calls);
      assertThat(call.answers()).isEqualTo(1);

      assertThat(browser.waitFor(120, TimeUnit.SECONDS)).as("the browser finished").isTrue();
      reading.join(Duration.ofSeconds(10));
      JsonNode found;
      synchronized (lines) {
        found = json.readTree(lines.getLast());
      }
      System.out.println("browser: " + found);
      assertThat(found.path("error").isMissingNode()).as("%s", found.path("error")).isTrue();
      assertThat(browser.exitValue()).isZero();

      assertThat(found.path("callSid").asString()).isEqualTo(call.callSid());
      assertThat(found.path("callsWhenOpened").toString()).as("calls on the page when it was opened")
          .doesNotContain(call.callSid());
      assertThat(found.path("liveCallerText").asString()).contains(GatewayStack.TRANSCRIPT);
      assertThat(found.path("liveReplyText").asString()).contains(GatewayStack.REPLY);
      assertThat(found.path("liveLatency").asString()).containsPattern("\\d+ ms").contains("stt").contains("tts");
      assertThat(found.path("pageLang").asString()).isEqualTo("he");
      assertThat(found.path("pageDirection").asString()).isEqualTo("rtl");
      assertThat(found.path("transcriptDirection").asString()).isEqualTo("rtl");
      assertThat(found.path("callSidDirection").asString()).isEqualTo("ltr");
      assertThat(found.path("histogramBars").asInt()).isEqualTo(LatencyHistogram.BOUNDS.size() + 1);
      assertThat(found.path("histogramTurns").asInt()).as("turn latencies of every call shown").isGreaterThanOrEqualTo(1);

      assertThat(found.path("turnRows").asInt()).as("greeting and the caller's turn").isGreaterThanOrEqualTo(1);
      assertThat(found.path("tableCallerTexts").toString()).contains(GatewayStack.TRANSCRIPT);
      assertThat(found.path("tableReplyTexts").toString()).contains(GatewayStack.REPLY);
      assertThat(found.path("tableDirection").asString()).isEqualTo("rtl");
      assertThat(found.path("audioSource").asString()).startsWith("/api/calls/" + call.callSid() + "/recording.wav");
      assertThat(found.path("recordingStatus").asInt()).isEqualTo(200);
      assertThat(found.path("recordingType").asString()).isEqualTo("audio/wav");
      assertThat(found.path("recordingRiff").asString()).isEqualTo("RIFF");
      assertThat(found.path("recordingChannels").asInt()).isEqualTo(2);

      assertThat(found.path("unauthenticatedStatus").asInt()).isEqualTo(401);
      assertThat(found.path("unauthenticatedShowsCall").asBoolean()).isFalse();
      assertThat(found.path("unauthenticatedCallPageStatus").asInt()).isEqualTo(401);
      assertThat(found.path("unauthenticatedApiStatus").asInt()).isEqualTo(401);
      assertThat(found.path("unauthenticatedApiShowsCall").asBoolean()).isFalse();
      assertThat(found.path("unauthenticatedEventsStatus").asInt()).isEqualTo(401);
    } finally {
      browser.destroyForcibly();
    }
  }

  @Test
  void aCallShowsInTheApiWithItsTranscriptLatencyAndRecording(@TempDir Path calls) throws Exception {
    CallResult call = call(calls);
    assertThat(call.answers()).isEqualTo(1);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode view = json.readTree(get("/api/calls/" + call.callSid(), "Bearer " + TOKEN).body());
      assertThat(view.path("turns").toString()).contains(GatewayStack.TRANSCRIPT).contains(GatewayStack.REPLY);
      assertThat(view.path("turns").findValues("latencyMs").stream().anyMatch(JsonNode::isNumber)).isTrue();
    });
    JsonNode snapshot = json.readTree(get("/api/calls", "Bearer " + TOKEN).body());
    assertThat(snapshot.path("calls").findValuesAsString("callSid")).contains(call.callSid());
    HttpResponse<byte[]> wav = http.send(HttpRequest.newBuilder(URI.create(base + "/api/calls/" + call.callSid() + "/recording.wav"))
        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(wav.statusCode()).isEqualTo(200);
    assertThat(new String(wav.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
  }

  @Test
  void theApiTakesTheBearerTokenAndRefusesAWrongOne() throws Exception {
    assertThat(get("/api/calls", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    assertThat(get("/api/calls", "Bearer wrong-token-wrong-token").statusCode()).isEqualTo(401);
    assertThat(get("/api/calls", null).statusCode()).isEqualTo(401);
    assertThat(get("/api/calls/CAunknown", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
    assertThat(get("/health", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aWrongTokenAtTheLoginSetsNoCookie() throws Exception {
    HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=not-the-console-token")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

    HttpResponse<String> right = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(right.statusCode()).isEqualTo(303);
    assertThat(right.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("SameSite=Strict");
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private CallResult call(Path calls) throws Exception {
    Path wav = CallerRecordings.wav(calls.resolve("caller.wav"), CallerRecordings.question());
    CallOptions options = new CallOptions(wav, stack.address(), GatewayStack.PUBLIC_HOST, GatewayStack.AUTH_TOKEN,
        stack.kafka.getBrokersAsString(), 1, Duration.ofSeconds(40), Duration.ofMillis(300), calls.resolve("agent.wav"),
        "+972501234567", "+97233720000", "AC" + "0".repeat(32));
    return new CallSimulator(options, new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC()).call();
  }

  private static boolean contains(List<String> lines, String line) {
    synchronized (lines) {
      return lines.contains(line);
    }
  }

  private static void readLines(Process process, List<String> lines) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        synchronized (lines) {
          lines.add(line);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Chromium, node and the script's node_modules (npm ci in src/test/browser). CI installs them (.ci/run), so
   * there their absence fails the test; on a developer's machine without them it is skipped, saying why.
   */
  private static void requireTheBrowser() {
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(CHROMIUM)) {
      missing.add("chromium at " + CHROMIUM + " (apt-get install chromium, or CHROMIUM_PATH)");
    }
    if (!onPath("node")) {
      missing.add("node");
    }
    if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
      missing.add("playwright-core (npm ci in " + BROWSER_DIR + ")");
    }
    String reason = "headless browser test needs " + String.join(", ", missing);
    if (System.getenv("CI") != null) {
      assertThat(missing).as(reason).isEmpty();
    }
    Assumptions.assumeTrue(missing.isEmpty(), reason);
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
