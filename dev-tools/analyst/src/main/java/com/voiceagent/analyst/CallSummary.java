package com.voiceagent.analyst;

/**
 * One line of {@code ./voice calls}.
 *
 * @param startedAt ISO-8601 UTC
 * @param turns turns of the call (the greeting counts as one)
 * @param fallbacks fallback replies the caller heard
 * @param latencyP50Ms median turn latency (caller's last word to first reply audio); null without caller turns
 * @param ended caller-hung-up, agent-ended, transferred, failed, in-progress
 */
public record CallSummary(String callSid, String startedAt, long durationMs, int turns, int bargeIns, int fallbacks,
    Long latencyP50Ms, Long latencyP95Ms, String ended, boolean warmUp) {}
