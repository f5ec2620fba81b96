package com.voiceagent.dialog.kafka;

import com.voiceagent.dialog.engine.Message;
import com.voiceagent.dialog.history.HistorySnapshot;
import com.voiceagent.events.ChatMessage;
import com.voiceagent.events.ChatRole;
import com.voiceagent.events.ConversationState;

/** A conversation's history as dialog.history carries it (ConversationState), both ways. */
final class HistoryRecords {
  private HistoryRecords() {}

  static ConversationState write(HistorySnapshot snapshot) {
    return ConversationState.newBuilder()
        .setConversationId(snapshot.conversationId())
        .setTurn(snapshot.lastTurn())
        .setProducer(snapshot.producer())
        .setEventTime(snapshot.updatedAt())
        .setMessages(snapshot.messages().stream().map(m -> ChatMessage.newBuilder()
            .setRole(m.role() == Message.Role.CALLER ? ChatRole.CALLER : ChatRole.AGENT)
            .setText(m.text()).setTurn(m.turn()).setInterrupted(m.interrupted()).build()).toList())
        .build();
  }

  /** Messages of a role this version does not know are left out: the model must not mistake who said them. */
  static HistorySnapshot read(ConversationState state) {
    return new HistorySnapshot(state.getConversationId(), state.getTurn(), state.getProducer(), state.getEventTime(),
        state.getMessages().stream().filter(m -> m.getRole() == ChatRole.CALLER || m.getRole() == ChatRole.AGENT)
            .map(m -> new Message(m.getRole() == ChatRole.CALLER ? Message.Role.CALLER : Message.Role.AGENT, m.getText(),
                m.getTurn(), m.getInterrupted())).toList());
  }
}
