package com.voiceagent.dialog.engine;

import java.util.List;
import java.util.Objects;

/**
 * What an engine knows about the conversation when it answers: earlier messages as the customer actually
 * heard or read them, and the channel (a phone call wants short spoken sentences, WhatsApp can be longer).
 */
public record Conversation(String id, Channel channel, List<Message> history) {
  public enum Channel { VOICE, TEXT }

  public Conversation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(channel, "channel");
    history = List.copyOf(history);
  }
}
