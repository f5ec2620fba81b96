package com.voiceagent.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LoadReportTest {

  @Test
  void percentilesAreNearestRank() {
    LoadReport.Latency latency = LoadReport.Latency.of(List.of(5L, 1L, 4L, 2L, 3L, 10L, 6L, 7L, 9L, 8L));

    assertThat(latency.count()).isEqualTo(10);
    assertThat(latency.p50()).isEqualTo(5);
    assertThat(latency.p95()).isEqualTo(10);
    assertThat(latency.p99()).isEqualTo(10);
    assertThat(latency.max()).isEqualTo(10);
    assertThat(LoadReport.Latency.of(List.of()).p50()).isNull();
  }

  @Test
  void aLostTurnADroppedCallOrACallThatDidNotStartFailsTheRun() {
    LoadTally tally = new LoadTally(true);
    tally.placed();
    tally.started();
    tally.said(false);
    tally.answered(800);
    tally.ended(LoadCall.Ending.COMPLETED, 0, 0, 0, List.of(), "CA1", null);
    assertThat(tally.report().exitCode()).isZero();

    tally.placed();
    tally.started();
    tally.said(false);
    tally.lost("CA2", 1, "no agent audio within 15 s of the caller's last word");
    tally.ended(LoadCall.Ending.DROPPED, 1, 0, 0, List.of(), "CA2", "the server closed the stream (1006) and its Redirect failed");
    LoadReport report = tally.report();

    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(report.whyFailed()).containsExactly("1 turn(s) lost", "1 call(s) dropped");
    assertThat(report.failures()).containsExactly("CA2 turn 1 lost: no agent audio within 15 s of the caller's last word",
        "CA2 dropped: the server closed the stream (1006) and its Redirect failed");
  }

  @Test
  void theJsonHasTheDocumentedFields() {
    LoadTally tally = new LoadTally(false);
    tally.placed();
    tally.failedToStart("CA3", "the voice webhook answered HTTP 403", 2);
    JsonNode json = JsonMapper.builder().build().readTree(tally.report().toJson());

    assertThat(json.path("calls").path("failedToStart").asInt()).isEqualTo(1);
    assertThat(json.path("turns").path("notSaid").asInt()).isEqualTo(2);
    assertThat(json.path("turns").path("fallbacks").isNull()).as("unknown without Kafka").isTrue();
    assertThat(json.path("turnLatencyMs").path("count").asInt()).isZero();
    assertThat(json.path("bargeIns").path("latencyMs").has("p95")).isTrue();
    assertThat(json.path("reconnectMs").has("p99")).isTrue();
    assertThat(json.path("passed").asBoolean()).isFalse();
    assertThat(json.propertyNames()).containsExactly("calls", "turns", "turnLatencyMs", "bargeIns", "reconnectMs",
        "protocolErrors", "elapsedMs", "failures", "passed");
  }

  @Test
  void aRunStoppedWithCallsStillLiveDoesNotPass() {
    LoadTally tally = new LoadTally(true);
    tally.placed();
    tally.started();
    tally.said(false);
    tally.answered(700);

    LoadReport report = tally.report();

    assertThat(report.calls().live()).isEqualTo(1);
    assertThat(report.passed()).isFalse();
    assertThat(report.whyFailed()).containsExactly("stopped with 1 call(s) still live");
  }
}
