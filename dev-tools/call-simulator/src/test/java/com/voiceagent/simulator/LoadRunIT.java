package com.voiceagent.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load runs into the real gateway, the stages behind it played on a real broker (no greeting: they only answer turns). */
class LoadRunIT {
  private final GatewayStack stack = GatewayStack.shared();
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  @TempDir Path dir;

  private LoadOptions options(String authToken, int calls, int turns, double bargeInShare, Duration turnDeadline) {
    return options(stack.address(), authToken, calls, turns, bargeInShare, turnDeadline);
  }

  private LoadOptions options(String gateway, String authToken, int calls, int turns, double bargeInShare,
      Duration turnDeadline) {
    CallOptions call = new CallOptions(CallerRecordings.wav(dir.resolve("caller.wav"), CallerRecordings.question()),
        gateway, GatewayStack.PUBLIC_HOST, authToken, stack.kafka.getBrokersAsString(), turns,
        Duration.ofSeconds(90), Duration.ofMillis(100), dir.resolve("unused.wav"), "+972501234567", "+97233720000",
        "AC" + "0".repeat(32));
    return new LoadOptions(call, calls, bargeInShare, null, turnDeadline, Duration.ZERO, false);
  }

  private LoadReport run(LoadOptions options) throws InterruptedException {
    LoadReport report = new LoadRun(options, new PrintStream(progress, true, StandardCharsets.UTF_8), false).run();
    System.out.println(report.render(options));
    return report;
  }

  @Test
  void concurrentCallsHaveEveryTurnAnsweredAndTheBargeInCleared() throws Exception {
    stack.answerWith(CallerRecordings.agentAudio(3000, 0x33)); // long enough to speak over
    Instant started = Instant.now();

    LoadReport report = run(options(GatewayStack.AUTH_TOKEN, 3, 2, 0.2, Duration.ofSeconds(10)));

    assertThat(report.failures()).isEmpty();
    assertThat(report.calls()).isEqualTo(new LoadReport.Calls(3, 0, 3, 0, 0, 0, 0));
    assertThat(report.turns()).isEqualTo(new LoadReport.Turns(6, 6, 0, 0, 0, 0L, 0));
    assertThat(report.turnLatencyMs().count()).isEqualTo(6);
    assertThat(report.turnLatencyMs().p50()).isPositive().isLessThan(10_000);
    assertThat(report.turnLatencyMs().p99()).isGreaterThanOrEqualTo(report.turnLatencyMs().p95());
    assertThat(report.bargeIns().planned()).isEqualTo(1);
    assertThat(report.bargeIns().measured()).isEqualTo(1);
    assertThat(report.bargeIns().latencyMs().p50()).isPositive().isLessThan(3000);
    assertThat(report.protocolErrors()).isZero();
    assertThat(report.passed()).isTrue();
    assertThat(report.exitCode()).isZero();
    assertThat(report.toJson()).contains("\"turnLatencyMs\"", "\"p99\"", "\"bargeIns\"", "\"dropped\" : 0");
    // Analysts can tell load calls from real ones.
    assertThat(stack.records(Topics.CALL_LIFECYCLE)).filteredOn(e -> e.getKind() == CallLifecycleKind.STREAM_STARTED
        && !e.getEventTime().isBefore(started)).hasSize(3)
        .allSatisfy(e -> assertThat(e.getAttributes()).containsEntry(LoadRun.PARAMETER, "true"));
  }

  @Test
  void turnsTheStagesNeverAnswerAreLostAndTheRunFails() throws Exception {
    stack.answerWith(null);

    LoadReport report = run(options(GatewayStack.AUTH_TOKEN, 2, 1, 0, Duration.ofSeconds(2)));

    assertThat(report.turns().said()).isEqualTo(2);
    assertThat(report.turns().answered()).isZero();
    assertThat(report.turns().lost()).isEqualTo(2);
    assertThat(report.turnLatencyMs().count()).isZero();
    assertThat(report.turnLatencyMs().p50()).isNull();
    assertThat(report.calls().completed()).as("the calls themselves went on to the end").isEqualTo(2);
    assertThat(report.failures()).hasSize(2).allSatisfy(f -> assertThat(f).contains("lost: no agent audio within 2 s"));
    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(report.render(options(GatewayStack.AUTH_TOKEN, 2, 1, 0, Duration.ofSeconds(2)))).contains("FAILED: 2 turn(s) lost");
  }

  @Test
  void callsTheGatewayRefusesFailToStartAndTheRunFails() throws Exception {
    stack.answerWith(CallerRecordings.agentAudio(200, 0x33));

    LoadReport report = run(options("a-token-the-gateway-does-not-know", 2, 3, 0, Duration.ofSeconds(5)));

    assertThat(report.calls().placed()).isEqualTo(2);
    assertThat(report.calls().failedToStart()).isEqualTo(2);
    assertThat(report.turns().notSaid()).isEqualTo(6);
    assertThat(report.failures()).allSatisfy(f -> assertThat(f).contains("did not start").contains("HTTP 403"));
    assertThat(report.exitCode()).isEqualTo(1);
  }

  @Test
  void callsWhoseConnectionsBreakFollowTheRedirectToANewStreamAndLoseNoTurn() throws Exception {
    stack.answerWith(CallerRecordings.agentAudio(500, 0x33));
    int gatewayPort = Integer.parseInt(stack.address().substring(stack.address().lastIndexOf(':') + 1));
    try (ConnectionCutter line = new ConnectionCutter(gatewayPort)) {
      LoadOptions options = options(line.address(), GatewayStack.AUTH_TOKEN, 2, 3, 0, Duration.ofSeconds(10));
      int utterancesBefore = stack.utterances().size();
      CompletableFuture<LoadReport> running = runInTheBackground(options);

      // Both calls are live once the first caller's first turn reached the gateway: as if their gateway died.
      await().atMost(Duration.ofSeconds(20)).until(() -> stack.utterances().size() > utterancesBefore);
      assertThat(line.cut()).isPositive();
      LoadReport report = running.get(3, TimeUnit.MINUTES);

      assertThat(report.failures()).isEmpty();
      assertThat(report.calls().reconnects()).as("each call came back once, through the Redirect").isEqualTo(2);
      assertThat(report.calls().dropped()).isZero();
      assertThat(report.calls().completed()).isEqualTo(2);
      assertThat(report.turns().answered()).isEqualTo(6);
      assertThat(report.turns().lost()).isZero();
      assertThat(report.reconnectMs().count()).isEqualTo(2);
      assertThat(report.exitCode()).isZero();
    }
  }

  @Test
  void anAgentThatSaysGoodbyeEndsTheCallWithoutFailingTheRun() throws Exception {
    stack.answerWithGoodbye(CallerRecordings.agentAudio(500, 0x33));

    LoadReport report = run(options(GatewayStack.AUTH_TOKEN, 2, 3, 0, Duration.ofSeconds(10)));

    assertThat(report.failures()).isEmpty();
    assertThat(report.calls()).isEqualTo(new LoadReport.Calls(2, 0, 0, 2, 0, 0, 0));
    assertThat(report.turns().answered()).isEqualTo(2);
    assertThat(report.turns().notSaid()).as("the turns after the goodbye").isEqualTo(4);
    assertThat(report.exitCode()).isZero();
  }

  @Test
  void fallbacksTheCallerHeardAreCountedFromThePipelinesOwnRecords() throws Exception {
    stack.answerWithFallback(CallerRecordings.agentAudio(500, 0x33));

    LoadReport report = run(options(GatewayStack.AUTH_TOKEN, 2, 2, 0, Duration.ofSeconds(10)));

    assertThat(report.turns().answered()).isEqualTo(4);
    assertThat(report.turns().fallbacks()).isEqualTo(4);
    assertThat(report.exitCode()).as("a fallback is an answer, if a poor one").isZero();
  }

  @Test
  void aCallWhoseGatewayIsGoneForGoodIsDroppedWithItsTurnLostAndTheRunFails() throws Exception {
    stack.answerWith(null); // the turn is still waiting for its answer when the line goes
    int gatewayPort = Integer.parseInt(stack.address().substring(stack.address().lastIndexOf(':') + 1));
    ConnectionCutter line = new ConnectionCutter(gatewayPort);
    LoadOptions options = options(line.address(), GatewayStack.AUTH_TOKEN, 1, 2, 0, Duration.ofSeconds(10));
    int utterancesBefore = stack.utterances().size();
    CompletableFuture<LoadReport> running = runInTheBackground(options);

    await().atMost(Duration.ofSeconds(20)).until(() -> stack.utterances().size() > utterancesBefore);
    line.close(); // cut, and nothing answers there any more: the Redirect cannot be followed
    LoadReport report = running.get(3, TimeUnit.MINUTES);

    assertThat(report.calls().dropped()).isEqualTo(1);
    assertThat(report.calls().reconnects()).isZero();
    assertThat(report.turns()).extracting(LoadReport.Turns::said, LoadReport.Turns::lost, LoadReport.Turns::notSaid)
        .containsExactly(1L, 1L, 1L);
    assertThat(report.failures()).anySatisfy(f -> assertThat(f).contains("dropped: the server closed the stream")
        .contains("Redirect failed"));
    assertThat(report.exitCode()).isEqualTo(1);
  }

  /** Its own thread, not the common pool: the JDK's WebSocket client completes its handshakes there. */
  private CompletableFuture<LoadReport> runInTheBackground(LoadOptions options) {
    CompletableFuture<LoadReport> running = new CompletableFuture<>();
    Thread.ofPlatform().name("load-run").start(() -> {
      try {
        running.complete(run(options));
      } catch (Throwable e) {
        running.completeExceptionally(e);
      }
    });
    return running;
  }
}
