package com.voiceagent.console;

import com.voiceagent.analyst.CallFollower;
import com.voiceagent.analyst.CallView;
import com.voiceagent.analyst.TurnView;
import java.util.List;
import java.util.Objects;

/**
 * One call as the live page shows it.
 *
 * @param state how it stands: in-progress, or how it ended (caller-hung-up, agent-ended, failed)
 * @param live the call is still going on
 * @param lastTurns its last turns, texts and per-stage latency included
 * @param latencies every turn latency of the call (for the histogram), in order
 */
record CallCard(String callSid, String startedAt, long durationMs, String state, boolean live, int turns, int bargeIns,
    Long latencyP50Ms, List<TurnView> lastTurns, List<Long> latencies) {

  static final String IN_PROGRESS = "in-progress";

  static CallCard of(CallView view, int lastTurns) {
    List<Long> latencies = view.turns().stream().map(TurnView::latencyMs).filter(Objects::nonNull).toList();
    List<TurnView> turns = view.turns();
    return new CallCard(view.callSid(), view.startedAt(), view.durationMs(), view.ended(), IN_PROGRESS.equals(view.ended()),
        turns.size(), view.bargeIns(), CallFollower.percentile(latencies, 50),
        turns.subList(Math.max(0, turns.size() - lastTurns), turns.size()), latencies);
  }
}
