package com.voiceagent.dialog.history;

import com.voiceagent.dialog.engine.Message;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One conversation's history at a moment, as it is replicated to every dialog instance (dialog.history).
 *
 * @param producer the instance that wrote it
 */
public record HistorySnapshot(String conversationId, int lastTurn, String producer, Instant updatedAt, List<Message> messages) {
  public HistorySnapshot {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(producer, "producer");
    Objects.requireNonNull(updatedAt, "updatedAt");
    messages = List.copyOf(messages);
  }
}
