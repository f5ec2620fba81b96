package com.voiceagent.analyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The commands' arguments: what each accepts, what it refuses and how it says so. */
class AnalystCommandLineTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Analyst.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void everyCommandHasHelpThatNamesItsOptions() {
    assertThat(run("calls", "--help")).isZero();
    assertThat(run("replay", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--since", "--json", "--all", "--wav FILE", "heardText");
  }

  @Test
  void anUnknownCommandOrOptionIsRefusedWithExitCode2AndTheUsage() {
    assertThat(run("recall")).isEqualTo(2);
    assertThat(run("calls", "--sinse", "2h")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'recall'", "unknown option --sinse",
        "Usage: ./voice calls");
  }

  @Test
  void sqlWithoutAnExportSaysWhereItLookedAndHowToMakeOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path empty) {
    assertThat(run("sql", "--in", empty.toString(), "SELECT 1")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no export in", "./voice export --out");
  }

  @Test
  void exportRefusesAnUnknownFormat() {
    assertThat(run("export", "--format", "csv")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--format must be parquet or jsonl");
  }

  @Test
  void replayNeedsExactlyOneCallSid() {
    assertThat(run("replay")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("give one CALLSID");
  }

  @Test
  void rerunTakesExactlyOneEngineBAndSaysWhichOnesThereAre() {
    assertThat(run("rerun", "--calls", "CA1")).isEqualTo(2);
    assertThat(run("rerun", "--calls", "CA1", "--stt", "openai", "--voice", "he-IL-Wavenet-B")).isEqualTo(2);
    assertThat(run("rerun", "--calls", "CA1", "--prompt", "p.txt", "--dialog-model", "gpt-4o")).isEqualTo(2);
    assertThat(run("rerun", "--calls", "CA1", "--stt", "openai", "--out", "dir")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(
        "which engine is B? --stt ENGINE[:MODEL], --prompt FILE, --dialog-model M or --voice V",
        "one engine B at a time, not --stt and --voice", "one engine B at a time, not --prompt and --dialog-model",
        "--out writes B's audio: it goes with --voice");
  }

  @Test
  void rerunOfTheDialogNeedsAReadablePromptAndAnOpenAiKeyBeforeReadingAnyTopic() {
    assertThat(run("rerun", "--calls", "CA1", "--prompt", "/nonexistent/prompt.txt")).isEqualTo(2);
    assertThat(run("rerun", "--calls", "CA1", "--dialog-model", "gpt-4o")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--prompt /nonexistent/prompt.txt: no such file",
        "it needs OPENAI_API_KEY");
  }

  @Test
  void rerunHelpNamesTheFourEnginesB() {
    assertThat(run("rerun", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--stt openai[:MODEL]", "--prompt FILE", "--dialog-model M",
        "--voice V", "--out DIR").doesNotContain("Not in this version");
  }

  @Test
  void sinceTakesANumberAndAUnit() {
    assertThat(Args.durationOf("since", "2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Args.durationOf("since", "90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Args.durationOf("since", "7d")).isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(() -> Args.durationOf("since", "2 hours")).hasMessageContaining("like 2h or 7d");
    assertThatThrownBy(() -> Args.parse(List.of("--since"), Set.of("since"), Set.of())).hasMessageContaining("needs a value");
  }

  @Test
  void percentilesAreMeasuredValuesByNearestRank() {
    List<Long> latencies = List.of(900L, 100L, 300L, 200L, 500L, 400L, 700L, 600L, 800L, 1000L);
    assertThat(Percentiles.nearestRank(latencies, 50)).isEqualTo(500L);
    assertThat(Percentiles.nearestRank(latencies, 95)).isEqualTo(1000L);
    assertThat(Percentiles.nearestRank(List.of(), 50)).isNull();
  }

  @Test
  void theBrokerComesFromTheFlagThenTheEnvironmentThenTheDefault() {
    assertThat(Broker.address("a:1", Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:2"))).isEqualTo("a:1");
    assertThat(Broker.address(null, Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:2"))).isEqualTo("b:2");
    assertThat(Broker.address(null, Map.of("VOICE_HOME", "/nonexistent-voice-home"))).isEqualTo("localhost:9092");
  }
}
