package com.voiceagent.simulator;

import java.util.List;

/**
 * What one simulated call observed.
 *
 * @param callSid the call's id
 * @param turns the answered turns the pipeline reported (empty when called without Kafka)
 * @param answers answers counted (TurnCompleted events that are not a greeting, or audio bursts without Kafka)
 * @param agentAudio the agent's audio as the caller heard it: mu-law 8 kHz, silence where nothing played
 * @param marksEchoed marks echoed back to the gateway
 * @param clears clear messages received
 * @param protocolErrors what the gateway sent that Twilio would reject (with Twilio's error code)
 * @param timedOut the call was ended by --max-seconds before every awaited answer came
 * @param hungUpByServer the gateway closed the WebSocket (ended the call)
 */
public record CallResult(String callSid, List<TurnTimeline> turns, int answers, byte[] agentAudio, int marksEchoed,
    int clears, List<String> protocolErrors, boolean timedOut, boolean hungUpByServer) {

  public CallResult {
    turns = List.copyOf(turns);
    protocolErrors = List.copyOf(protocolErrors);
  }

  public boolean succeeded(int expectedAnswers) {
    return answers >= expectedAnswers && protocolErrors.isEmpty();
  }
}
