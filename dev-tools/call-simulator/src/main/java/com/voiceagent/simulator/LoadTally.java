package com.voiceagent.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The running counts of a load run, added to by every call at once; {@link #report} takes a snapshot, and
 * {@link #progress} the one line shown while it runs.
 */
final class LoadTally {
  private static final int MAX_FAILURES = 20;

  private final boolean kafka;
  private final long startedNanos = System.nanoTime();

  // Guarded by this.
  private int placed;
  private int live;
  private int failedToStart;
  private int completed;
  private int endedByAgent;
  private int dropped;
  private int reconnects;
  private long said;
  private long answered;
  private long lost;
  private long notSaid;
  private long repeated;
  private long fallbacks;
  private long holdingPhrases;
  private long bargeInsPlanned;
  private long bargeInsWithoutClear;
  private long bargeInsSkipped;
  private int protocolErrors;
  private final List<Long> turnLatencies = new ArrayList<>();
  private final List<Long> bargeInLatencies = new ArrayList<>();
  private final List<Long> reconnectLatencies = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private int failuresLeftOut;

  /** @param kafka whether the calls' turn kinds are read from Kafka (else fallbacks are unknown) */
  LoadTally(boolean kafka) {
    this.kafka = kafka;
  }

  synchronized void placed() {
    placed++;
  }

  synchronized void failedToStart(String callSid, String why, int turnsNotSaid) {
    failedToStart++;
    notSaid += turnsNotSaid;
    failure(callSid + " did not start: " + why);
  }

  synchronized void started() {
    live++;
  }

  synchronized void said(boolean again) {
    if (again) {
      repeated++;
    } else {
      said++;
    }
  }

  synchronized void answered(long latencyMs) {
    answered++;
    turnLatencies.add(latencyMs);
  }

  synchronized void lost(String callSid, int turn, String why) {
    lost++;
    failure(callSid + " turn " + turn + " lost: " + why);
  }

  synchronized void bargeInPlanned() {
    bargeInsPlanned++;
  }

  synchronized void bargeIn(long latencyMs) {
    bargeInLatencies.add(latencyMs);
  }

  synchronized void bargeInWithoutClear(String callSid, int turn) {
    bargeInsWithoutClear++;
    failure(callSid + " turn " + turn + ": spoke over the agent and got no clear");
  }

  synchronized void bargeInSkipped() {
    bargeInsSkipped++;
  }

  synchronized void reconnected(long latencyMs) {
    reconnects++;
    reconnectLatencies.add(latencyMs);
  }

  /** A call is over: how it ended, and what its streams and the pipeline reported. */
  synchronized void ended(LoadCall.Ending ending, int turnsNotSaid, long callFallbacks, long callHoldingPhrases,
      List<String> callProtocolErrors, String callSid, String why) {
    live--;
    notSaid += turnsNotSaid;
    fallbacks += callFallbacks;
    holdingPhrases += callHoldingPhrases;
    protocolErrors += callProtocolErrors.size();
    callProtocolErrors.forEach(e -> failure(callSid + ": protocol error " + e));
    switch (ending) {
      case COMPLETED -> completed++;
      case ENDED_BY_AGENT -> endedByAgent++;
      case DROPPED -> {
        dropped++;
        failure(callSid + " dropped: " + why);
      }
    }
  }

  private void failure(String line) {
    if (failures.size() < MAX_FAILURES) {
      failures.add(line);
    } else {
      failuresLeftOut++;
    }
  }

  synchronized LoadReport report() {
    List<String> listed = new ArrayList<>(failures);
    if (failuresLeftOut > 0) {
      listed.add("... and " + failuresLeftOut + " more");
    }
    boolean passed = failedToStart == 0 && lost == 0 && dropped == 0 && protocolErrors == 0 && live == 0;
    return new LoadReport(
        new LoadReport.Calls(placed, failedToStart, completed, endedByAgent, dropped, reconnects, live),
        new LoadReport.Turns(said, answered, lost, notSaid, repeated, kafka ? fallbacks : null, holdingPhrases),
        LoadReport.Latency.of(turnLatencies),
        new LoadReport.BargeIns(bargeInsPlanned, bargeInLatencies.size(), bargeInsWithoutClear, bargeInsSkipped,
            LoadReport.Latency.of(bargeInLatencies)),
        LoadReport.Latency.of(reconnectLatencies), protocolErrors, elapsedMs(), listed, passed);
  }

  /** One line: what has happened so far. */
  synchronized String progress() {
    LoadReport.Latency latency = LoadReport.Latency.of(turnLatencies);
    return String.format(Locale.ROOT, "%6.1f s | calls %d live, %d done, %d failed, %d dropped | turns %d answered, %d lost"
            + " | p50 %s ms | barge-ins %d | reconnects %d",
        elapsedMs() / 1000.0, live, completed + endedByAgent, failedToStart, dropped, answered, lost,
        latency.p50() == null ? "-" : latency.p50().toString(), bargeInLatencies.size(), reconnects);
  }

  private long elapsedMs() {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
