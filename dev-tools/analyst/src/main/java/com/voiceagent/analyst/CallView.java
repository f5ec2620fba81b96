package com.voiceagent.analyst;

import java.util.List;

/**
 * A whole call, as {@code ./voice replay --json} prints it.
 *
 * @param startedAt ISO-8601 UTC time the call's stream started
 * @param ended how it ended: caller-hung-up, agent-ended, failed, in-progress
 * @param silences stretches over 2 s where neither side spoke (dead air)
 * @param talkListenRatio the agent's talk time over the caller's (null when the caller never spoke)
 * @param notes what the topics' retention has already removed about this call (empty for a recent call)
 */
public record CallView(String callSid, String startedAt, long durationMs, String ended, boolean warmUp, List<TurnView> turns,
    int bargeIns, int fallbacks, List<Silence> silences, long callerTalkMs, long agentTalkMs, Double talkListenRatio,
    List<String> notes) {

  /** Dead air on the stream clock. */
  public record Silence(long startMs, long endMs, long durationMs) {}
}
