package com.voiceagent.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WarmUpTest {
  private static final Path REPO = Path.of("/repo");

  @Test
  void theCallsArePlacedByTheSimulatorAgainstThisGatewayWithTheTokenKeptOffTheCommandLine() {
    LauncherSettings settings = LauncherSettings.fromEnvironment(
        Map.of("GATEWAY_PORT", "9180", "TWILIO_AUTH_TOKEN", "secret-token-123"), REPO);

    List<String> command = WarmUp.command(settings, 16);

    assertThat(command).containsSubsequence(WarmUp.MAIN_CLASS, "--calls", "16", "--concurrency", "16",
        "/repo/docs/samples/hebrew-question.wav", "--gateway", "localhost:9180", "--public-host", "localhost:9180",
        "--voice-home", "/repo/.voice", "--kafka", "none");
    assertThat(command).contains("/repo/dev-tools/call-simulator/target/classes:/repo/dev-tools/call-simulator/target/lib/*");
    assertThat(String.join(" ", command)).doesNotContain("secret-token-123");
  }

  @Test
  void noCallsPlannedMeansNoChildAndTheReasonIsPrinted() {
    LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of("VOICE_WARM_UP_CALLS", "0"), REPO);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AtomicInteger started = new AtomicInteger();

    boolean ok = WarmUp.run(settings, "token", new PrintStream(out, true, StandardCharsets.UTF_8),
        child -> started.incrementAndGet());

    assertThat(ok).isTrue();
    assertThat(started).hasValue(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("no warm-up calls (VOICE_WARM_UP_CALLS)");
  }

  @Test
  void aMissingCallerRecordingIsReportedAndTheSystemStillStarts() {
    LauncherSettings settings = LauncherSettings.fromEnvironment(Map.of("VOICE_REPO", "/nonexistent-repo"), REPO);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    boolean ok = WarmUp.run(settings, "token", new PrintStream(out, true, StandardCharsets.UTF_8), child -> { });

    assertThat(ok).isFalse();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("no warm-up calls: docs/samples/hebrew-question.wav is missing");
  }
}
