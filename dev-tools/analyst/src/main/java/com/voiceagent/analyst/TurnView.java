package com.voiceagent.analyst;

import java.util.List;

/**
 * One turn as the caller lived it. Times ending in {@code Ms} without "latency" are milliseconds on the call's
 * stream clock (0 = the first sample of the call's media stream), the clock of the stereo recording.
 *
 * @param callerText the transcript of what the caller said ("" for the greeting)
 * @param transcriptStatus OK, EMPTY or FAILED (null for the greeting)
 * @param replyText the reply as generated, its sentences joined
 * @param replyKind ANSWER, GREETING, GOODBYE or FALLBACK
 * @param heardText what the caller heard of it: all of it, or the sentences played before a barge-in
 * @param interrupted the caller barged in
 * @param latencyMs from the caller's last word to the first reply audio sent; null when there was no caller
 *     utterance (the greeting) or no audio was sent
 * @param stages where that latency went, stage by stage (the stages add up to latencyMs)
 * @param fallback the reply was the fallback of an engine that failed
 */
public record TurnView(int turn, String callerText, String transcriptStatus, String replyText, String replyKind, String heardText,
    boolean interrupted, Long latencyMs, List<StageView> stages, boolean fallback, Long callerStartMs, Long callerEndMs,
    Long agentStartMs, Long agentEndMs) {

  /**
   * One stage's share of a turn's latency.
   *
   * @param waitMs from the previous stage's output (or the caller's last word) to this stage taking the input:
   *     Kafka, queues, and for the first stage the endpointer's end silence
   * @param workMs from taking the input to publishing the output
   * @param engineMs the part of workMs spent inside the engine (vendor or local model)
   */
  public record StageView(String stage, String engine, String instance, long waitMs, long workMs, long engineMs) {
    long totalMs() {
      return waitMs + workMs;
    }
  }

  /** The time a stage took in all (wait and work), 0 when the turn did not pass through it. */
  long stageMs(String stage) {
    return stages.stream().filter(s -> s.stage().equals(stage)).mapToLong(StageView::totalMs).sum();
  }

  /** The engine of a stage, null when the turn did not pass through it. */
  String stageEngine(String stage) {
    return stages.stream().filter(s -> s.stage().equals(stage)).map(StageView::engine).findFirst().orElse(null);
  }
}
