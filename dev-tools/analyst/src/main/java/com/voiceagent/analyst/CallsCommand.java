package com.voiceagent.analyst;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code ./voice calls [--since 2h] [--json] [--all]}: one line (or JSON object) per call. */
final class CallsCommand implements Analyst.Command {
  private final Map<String, String> env;
  private final PrintStream out;

  CallsCommand(Map<String, String> env, PrintStream out) {
    this.env = env;
    this.out = out;
  }

  @Override
  public String usage() {
    return """
        Usage: ./voice calls [--since 2h] [--json] [--all] [--kafka HOST:PORT]
          One line per call, oldest first: callSid, start time (UTC), duration, turns, barge-ins, fallbacks
          heard, turn latency p50/p95 (caller's last word to first reply audio), how it ended (caller-hung-up,
          agent-ended, transferred, failed, in-progress).
          --since D   only calls started in the last D (90s, 15m, 2h, 7d); default all the topics keep
          --json      one JSON object per line: callSid, startedAt, durationMs, turns, bargeIns, fallbacks,
                      latencyP50Ms, latencyP95Ms, ended, warmUp
          --all       include the warm-up calls of ./voice up (left out by default)
        """;
  }

  @Override
  public int run(List<String> args) {
    Args parsed = Args.parse(args, Set.of("since", "kafka"), Set.of("json", "all"));
    if (!parsed.positional().isEmpty()) {
      throw new IllegalArgumentException("unexpected argument '" + parsed.positional().getFirst() + "'");
    }
    Instant since = Calls.since(parsed.duration("since"), Clock.systemUTC());
    Archive archive = Calls.read(Broker.address(parsed.value("kafka"), env), since, key -> true);
    List<CallSummary> calls = Calls.conversations(archive, since, parsed.has("all")).stream()
        .map(Conversation::summary).toList();
    if (parsed.has("json")) {
      calls.forEach(c -> out.println(Json.line(c)));
    } else {
      print(calls);
    }
    return 0;
  }

  private void print(List<CallSummary> calls) {
    if (calls.isEmpty()) {
      out.println("no calls");
      return;
    }
    String format = "%-34s  %-20s  %8s  %5s  %9s  %9s  %7s  %7s  %s%n";
    out.printf(format, "CALL SID", "STARTED (UTC)", "DURATION", "TURNS", "BARGE-INS", "FALLBACKS", "P50 MS", "P95 MS", "ENDED");
    for (CallSummary c : calls) {
      out.printf(format, c.callSid(), c.startedAt().substring(0, Math.min(19, c.startedAt().length())).replace('T', ' '),
          Text.seconds(c.durationMs()), c.turns(), c.bargeIns(), c.fallbacks(), Text.orDash(c.latencyP50Ms()),
          Text.orDash(c.latencyP95Ms()), c.ended() + (c.warmUp() ? " (warm-up)" : ""));
    }
  }
}
