package com.voiceagent.analyst;

import java.util.List;

/**
 * A whole call, as {@code ./voice replay --json} prints it.
 *
 * @param startedAt ISO-8601 UTC time the call's stream started
 * @param ended how it ended: caller-hung-up, agent-ended, transferred (handed to a person and not back), failed, in-progress
 * @param silences stretches over 2 s where neither side spoke (dead air)
 * @param talkListenRatio the agent's talk time over the caller's (null when the caller never spoke)
 * @param notes what the topics' retention has already removed about this call (empty for a recent call)
 * @param transfers each hand-over to a person, in order (empty when the call was never handed over)
 */
public record CallView(String callSid, String startedAt, long durationMs, String ended, boolean warmUp, List<TurnView> turns,
    int bargeIns, int fallbacks, List<Silence> silences, long callerTalkMs, long agentTalkMs, Double talkListenRatio,
    List<String> notes, List<Transfer> transfers) {

  /**
   * A hand-over to a person (TRANSFER_NUMBER).
   *
   * @param at ISO-8601 UTC time the gateway re-pointed the call to dial the person
   * @param turn the call's last turn then
   * @param outcome what came of the dial (Twilio's DialCallStatus: completed = the person answered; no-answer, busy,
   *     failed, canceled = back to the agent), or dialing while no outcome has come
   * @param summary the summary sent to the person by WhatsApp (TRANSFER_NOTIFY_WHATSAPP), null when none was sent
   * @param summaryEngine who wrote it: openai or scripted; null when none was sent
   */
  public record Transfer(String at, int turn, String outcome, String summary, String summaryEngine) {}

  /** Dead air on the stream clock. */
  public record Silence(long startMs, long endMs, long durationMs) {}
}
