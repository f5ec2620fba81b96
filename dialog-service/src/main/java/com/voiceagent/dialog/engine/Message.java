package com.voiceagent.dialog.engine;

import java.util.Objects;

/**
 * One message of a conversation as the customer actually heard or read it.
 *
 * @param turn the turn it belongs to (a caller's words and the agent's answer share one)
 * @param interrupted the agent was cut off by the caller; {@code text} holds only what was heard
 */
public record Message(Role role, String text, int turn, boolean interrupted) {
  public enum Role { CALLER, AGENT }

  public Message {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(text, "text");
  }

  public static Message caller(String text, int turn) {
    return new Message(Role.CALLER, text, turn, false);
  }

  public static Message agent(String text, int turn, boolean interrupted) {
    return new Message(Role.AGENT, text, turn, interrupted);
  }
}
