package com.voiceagent.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a {@code ./voice load} run measured; {@code --json} prints it as it is (the fields are documented
 * in docs/running.md). Latencies are measured on the caller's side, as Twilio would see them.
 *
 * @param calls how the calls went
 * @param turns how the caller's turns went
 * @param turnLatencyMs the caller's last word sent -> the first agent audio after it received, per answered turn
 * @param bargeIns the turns spoken over the agent's answer
 * @param reconnectMs a stream dropped by the server -> the call's new stream open (through the Redirect)
 * @param protocolErrors messages of the gateway that Twilio would reject
 * @param elapsedMs wall time of the run
 * @param failures why calls failed, turns were lost or calls were dropped (the first 20)
 * @param passed every call started and ended, no turn was lost, no call was dropped, no protocol error
 */
public record LoadReport(Calls calls, Turns turns, Latency turnLatencyMs, BargeIns bargeIns, Latency reconnectMs,
    int protocolErrors, long elapsedMs, List<String> failures, boolean passed) {

  /**
   * @param placed calls whose webhook was sent
   * @param failedToStart the webhook failed or did not connect a stream, or the stream was refused
   * @param completed the caller said every turn and hung up
   * @param endedByAgent the agent hung up (a goodbye) before the caller's last turn
   * @param dropped the server closed the stream and its Redirect brought no new stream
   * @param reconnects streams re-opened through the Redirect after the server closed one (a gateway dying or draining)
   * @param live calls still going: 0 unless the run was stopped before the end (Ctrl-C)
   */
  public record Calls(int placed, int failedToStart, int completed, int endedByAgent, int dropped, int reconnects,
      int live) {}

  /**
   * @param said turns the caller spoke (a turn said again after its stream dropped counts once)
   * @param answered turns the agent answered in time: audio within the turn deadline after the caller's last word
   * @param lost turns said without an answer in time, or whose call was dropped while waiting
   * @param notSaid turns never spoken because the call was dropped, ended by the agent or failed to start
   * @param repeated turns said again on the new stream because their stream dropped before the answer
   * @param fallbacks turns the pipeline answered with a FALLBACK reply (from voice.turns and voice.replies);
   *     null when run without Kafka ({@code --kafka none})
   * @param holdingPhrases holding phrases the gateway played because a reply was late
   */
  public record Turns(long said, long answered, long lost, long notSaid, long repeated, Long fallbacks,
      long holdingPhrases) {}

  /** @param count measurements; the percentiles are null without any */
  public record Latency(int count, Long p50, Long p95, Long p99, Long max) {
    static Latency of(List<Long> values) {
      if (values.isEmpty()) {
        return new Latency(0, null, null, null, null);
      }
      List<Long> sorted = new ArrayList<>(values);
      Collections.sort(sorted);
      return new Latency(sorted.size(), rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted.getLast());
    }

    /** Nearest rank: the smallest value with at least p% of the values at or below it. */
    private static long rank(List<Long> sorted, int p) {
      int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    String render() {
      return count == 0 ? "none measured"
          : String.format(Locale.ROOT, "p50 %d | p95 %d | p99 %d | max %d (n=%d)", p50, p95, p99, max, count);
    }
  }

  /**
   * @param planned turns meant to barge in
   * @param measured barge-ins answered with a {@code clear}
   * @param withoutClear barge-ins the gateway never cleared the agent's audio for
   * @param skipped planned barge-ins said as ordinary turns: the agent had stopped speaking already
   * @param latencyMs the first frame of the caller's speech sent -> the gateway's {@code clear} received
   */
  public record BargeIns(long planned, long measured, long withoutClear, long skipped, Latency latencyMs) {}

  public LoadReport {
    failures = List.copyOf(failures);
  }

  /** What kept the run from passing, in words. */
  List<String> whyFailed() {
    List<String> why = new ArrayList<>();
    if (calls.failedToStart() > 0) {
      why.add(calls.failedToStart() + " call(s) failed to start");
    }
    if (turns.lost() > 0) {
      why.add(turns.lost() + " turn(s) lost");
    }
    if (calls.dropped() > 0) {
      why.add(calls.dropped() + " call(s) dropped");
    }
    if (protocolErrors > 0) {
      why.add(protocolErrors + " protocol error(s)");
    }
    if (calls.live() > 0) {
      why.add("stopped with " + calls.live() + " call(s) still live");
    }
    return why;
  }

  public int exitCode() {
    return passed ? 0 : 1;
  }

  public String toJson() {
    return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(this);
  }

  /** The report for a person. */
  public String render(LoadOptions options) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "load: %d concurrent calls x %d turns, barge-in share %.2f, %.1f s%n",
        options.calls(), options.call().turns(), options.bargeInShare(), elapsedMs / 1000.0));
    out.append(String.format(Locale.ROOT,
        "calls : placed %d | failed to start %d | completed %d | ended by the agent %d | dropped %d | reconnects %d%n",
        calls.placed(), calls.failedToStart(), calls.completed(), calls.endedByAgent(), calls.dropped(), calls.reconnects()));
    out.append(String.format(Locale.ROOT,
        "turns : said %d | answered %d | lost %d | not said %d | repeated %d | fallbacks heard %s | holding phrases %d%n",
        turns.said(), turns.answered(), turns.lost(), turns.notSaid(), turns.repeated(),
        turns.fallbacks() == null ? "n/a (--kafka none)" : turns.fallbacks(), turns.holdingPhrases()));
    out.append("turn latency (caller's last speech -> first agent audio) ms: ").append(turnLatencyMs.render()).append('\n');
    out.append("barge-in (caller's speech starts -> clear) ms: ").append(bargeIns.latencyMs().render())
        .append(String.format(Locale.ROOT, "; planned %d, without a clear %d, skipped %d%n", bargeIns.planned(),
            bargeIns.withoutClear(), bargeIns.skipped()));
    out.append("reconnect (stream dropped -> new stream open) ms: ").append(reconnectMs.render()).append('\n');
    out.append("protocol errors: ").append(protocolErrors).append('\n');
    failures.forEach(f -> out.append("  ").append(f).append('\n'));
    out.append(passed ? "PASSED" : "FAILED: " + String.join(", ", whyFailed())).append('\n');
    return out.toString();
  }
}
