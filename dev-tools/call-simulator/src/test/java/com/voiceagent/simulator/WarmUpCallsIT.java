package com.voiceagent.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voiceagent.events.CallLifecycle;
import com.voiceagent.events.CallLifecycleKind;
import com.voiceagent.schemas.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warm-up calls into the real gateway, the stages behind it played on a real broker. */
class WarmUpCallsIT {
  private final GatewayStack stack = GatewayStack.shared();

  @TempDir Path dir;

  private CallOptions options(Duration maxDuration) {
    return new CallOptions(CallerRecordings.wav(dir.resolve("caller.wav"), CallerRecordings.question()), stack.address(),
        GatewayStack.PUBLIC_HOST, GatewayStack.AUTH_TOKEN, null, 1, maxDuration, Duration.ofMillis(100),
        dir.resolve("unused.wav"), "+972501234567", "+97233720000", "AC" + "0".repeat(32));
  }

  private List<CallLifecycle> streamsStartedSince(Instant since) {
    return stack.records(Topics.CALL_LIFECYCLE).stream()
        .filter(e -> e.getKind() == CallLifecycleKind.STREAM_STARTED && !e.getEventTime().isBefore(since)).toList();
  }

  @Test
  void everyCallIsPlacedAnsweredAndMarkedAsAWarmUpForAnalysts() throws Exception {
    stack.answerWith(CallerRecordings.agentAudio(200, 0x22));
    Instant testStarted = Instant.now();

    WarmUpCalls.Result result = WarmUpCalls.run(options(Duration.ofSeconds(30)), 3, 3, Clock.systemUTC());

    assertThat(result.failures()).isEmpty();
    assertThat(result.placed()).isEqualTo(3);
    assertThat(result.answered()).isEqualTo(3);
    assertThat(result.summary()).startsWith("3 of 3 warm-up calls answered in ");
    // The gateway keeps a stream's parameters (but its token) on STREAM_STARTED, where analysts find the mark.
    assertThat(streamsStartedSince(testStarted)).hasSize(3)
        .allSatisfy(e -> assertThat(e.getAttributes()).containsEntry(WarmUpCalls.PARAMETER, "true"));
  }

  @Test
  void callsThatGetNoAnswerAreReportedAsFailures() throws Exception {
    stack.answerWith(null);

    WarmUpCalls.Result result = WarmUpCalls.run(options(Duration.ofSeconds(1)), 2, 1, Clock.systemUTC());

    assertThat(result.answered()).isZero();
    assertThat(result.failures()).hasSize(2).allSatisfy(f -> assertThat(f).contains("0 of 1 answers"));
    assertThat(result.summary()).startsWith("0 of 2 warm-up calls answered");
  }

  @Test
  void aCountBelowOneIsRejectedWithItsName() {
    assertThatThrownBy(() -> WarmUpCalls.run(null, 0, 1, Clock.systemUTC()))
        .hasMessage("calls must be at least 1, was 0");
    assertThatThrownBy(() -> WarmUpCalls.run(null, 1, 0, Clock.systemUTC()))
        .hasMessage("concurrency must be at least 1, was 0");
  }
}
