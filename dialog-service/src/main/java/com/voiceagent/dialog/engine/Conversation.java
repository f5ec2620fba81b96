package com.voiceagent.dialog.engine;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an engine knows about the conversation when it answers: earlier messages as the customer actually
 * heard or read them, the channel (a phone call wants short spoken sentences, WhatsApp can be longer), and for a
 * call we placed (POST /api/calls) why we called.
 *
 * @param outboundContext the context of an outbound call ("תזכורת לתור שלך מחר ב-9:30"); null when the customer called
 */
public record Conversation(String id, Channel channel, List<Message> history, @Nullable String outboundContext) {
  public enum Channel { VOICE, TEXT }

  /**
   * The turn text of an outbound call's opening: the customer picked up and said nothing yet, so the agent speaks
   * first. Bracketed like the keypad's label: a stage direction, not words the customer said.
   */
  public static final String CALL_ANSWERED = "[הלקוח ענה לשיחה שלנו]";

  public Conversation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(channel, "channel");
    history = List.copyOf(history);
    outboundContext = outboundContext == null || outboundContext.isBlank() ? null : outboundContext.strip();
  }

  /** A conversation the customer started (an inbound call, a WhatsApp message). */
  public Conversation(String id, Channel channel, List<Message> history) {
    this(id, channel, history, null);
  }

  /** The agent is to open an outbound call: nothing said yet, and {@code userText} is {@link #CALL_ANSWERED}. */
  public boolean opensOutboundCall(String userText) {
    return outboundContext != null && CALL_ANSWERED.equals(userText);
  }
}
