package com.voiceagent.dialog.history;

import com.voiceagent.dialog.engine.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every conversation's bounded history, as the customer actually heard (or read) it. The local map is a
 * replica of the compacted topic dialog.history: each change is written there (key = call or
 * conversation id), and every instance reads the topic back (the Kafka adapter's history replica), so a call survives
 * the restart or failover of the instance that was answering it.
 *
 * <p>Changes to one conversation happen under its lock, and are published under it too, so the topic
 * receives them in the order they were made.
 */
public final class ConversationHistory {
  private static final Logger log = LoggerFactory.getLogger(ConversationHistory.class);
  /** Cancellations are remembered for a few turns only: a turn older than that is long finished. */
  private static final int CANCELLED_TURNS_KEPT = 8;

  private final Map<String, Entry> conversations = new ConcurrentHashMap<>();
  private final int maxMessages;
  private final String instanceId;
  private final Clock clock;
  private final Consumer<HistorySnapshot> writer;
  private final Consumer<String> tombstoneWriter;
  private final Function<String, Duration> idleLimit;

  /**
   * @param writer publishes a snapshot to dialog.history
   * @param tombstoneWriter deletes a conversation from dialog.history
   * @param idleLimit how long a conversation (by id) is kept after its last change
   */
  public ConversationHistory(int maxMessages, String instanceId, Clock clock, Consumer<HistorySnapshot> writer,
      Consumer<String> tombstoneWriter, Function<String, Duration> idleLimit) {
    if (maxMessages < 2) {
      throw new IllegalArgumentException("maxMessages must be >= 2, was " + maxMessages);
    }
    this.maxMessages = maxMessages;
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.tombstoneWriter = Objects.requireNonNull(tombstoneWriter, "tombstoneWriter");
    this.idleLimit = Objects.requireNonNull(idleLimit, "idleLimit");
  }

  /** The conversation's messages, oldest first (empty for a new conversation). */
  public List<Message> messages(String id) {
    Entry entry = conversations.get(id);
    if (entry == null) {
      return List.of();
    }
    synchronized (entry) {
      return List.copyOf(entry.messages);
    }
  }

  /** The last turn recorded for the conversation, or -1. */
  public int lastTurn(String id) {
    Entry entry = conversations.get(id);
    if (entry == null) {
      return -1;
    }
    synchronized (entry) {
      return entry.lastTurn;
    }
  }

  public boolean contains(String id) {
    return conversations.containsKey(id);
  }

  /**
   * Records a finished turn. {@code callerText} may be null (greeting, unheard utterance). If the caller
   * barged in on this turn, the agent's message holds only what the caller heard.
   */
  public void recordTurn(String id, int turn, String callerText, String agentText) {
    Entry entry = conversations.computeIfAbsent(id, k -> new Entry());
    synchronized (entry) {
      if (entry.forgottenTurns.contains(turn)) {
        log.info("turn {} was taken back (the caller went on speaking): not recorded", turn);
        return;
      }
      if (callerText != null && !callerText.isBlank()) {
        entry.messages.add(Message.caller(callerText, turn));
      }
      String heard = entry.cancelledTurns.get(turn);
      if (heard != null) {
        entry.messages.add(Message.agent(heard, turn, true));
      } else if (agentText != null && !agentText.isBlank()) {
        entry.messages.add(Message.agent(agentText, turn, false));
      }
      entry.lastTurn = Math.max(entry.lastTurn, turn);
      publish(id, entry);
    }
  }

  /**
   * The caller interrupted {@code turn} after hearing {@code heardText}: the agent's message for that turn
   * now holds only that, flagged interrupted, whether the turn has been recorded yet or not.
   */
  public void recordCancel(String id, int turn, String heardText) {
    String heard = heardText == null ? "" : heardText;
    Entry entry = conversations.computeIfAbsent(id, k -> new Entry());
    synchronized (entry) {
      entry.cancelledTurns.put(turn, heard);
      boolean changed = false;
      for (int i = entry.messages.size() - 1; i >= 0; i--) {
        Message m = entry.messages.get(i);
        if (m.role() == Message.Role.AGENT && m.turn() == turn) {
          entry.messages.set(i, Message.agent(heard, turn, true));
          changed = true;
        }
      }
      if (changed) {
        publish(id, entry);
      }
    }
  }

  /**
   * The turn never happened (the gateway took back a speculative turn because the caller went on
   * speaking): every message of that turn, the caller's and the agent's, is removed, and a later
   * {@link #recordTurn} for it (the answer finishing just after) is ignored. Nothing is marked interrupted.
   */
  public void forgetTurn(String id, int turn) {
    Entry entry = conversations.computeIfAbsent(id, k -> new Entry());
    synchronized (entry) {
      entry.forgottenTurns.add(turn);
      if (entry.messages.removeIf(m -> m.turn() == turn)) {
        publish(id, entry);
      }
    }
  }

  /**
   * Forgets the conversations idle for longer than their limit, here and in the topic: a call whose gateway
   * died before it could say the stream stopped, a WhatsApp customer who went quiet. Without this, both
   * would stay in every instance's memory and in dialog.history for good. Returns how many went.
   */
  public int expireIdle() {
    Instant now = clock.instant();
    int expired = 0;
    for (Map.Entry<String, Entry> conversation : conversations.entrySet()) {
      Instant updatedAt;
      synchronized (conversation.getValue()) {
        updatedAt = conversation.getValue().updatedAt;
      }
      if (updatedAt != null && Duration.between(updatedAt, now).compareTo(idleLimit.apply(conversation.getKey())) > 0) {
        drop(conversation.getKey());
        expired++;
      }
    }
    if (expired > 0) {
      log.info("{} idle conversation(s) expired from the history", expired);
    }
    return expired;
  }

  /** The conversation ended: forget it here and delete it from the topic. */
  public void drop(String id) {
    conversations.remove(id);
    tombstoneWriter.accept(id);
  }

  /**
   * A record read back from dialog.history. At startup every record applies; afterwards this instance's
   * own writes are skipped (its memory is already newer than what comes back), other instances' writes
   * replace the local copy (they took the conversation over).
   */
  public void apply(String id, HistorySnapshot snapshot, boolean loading) {
    if (snapshot == null) {
      conversations.remove(id);
      return;
    }
    if (!loading && instanceId.equals(snapshot.producer())) {
      return;
    }
    Entry entry = conversations.computeIfAbsent(id, k -> new Entry());
    synchronized (entry) {
      if (entry.updatedAt != null && snapshot.updatedAt().isBefore(entry.updatedAt)) {
        log.debug("ignoring an older history record for {}", id);
        return;
      }
      entry.messages.clear();
      entry.messages.addAll(snapshot.messages());
      entry.lastTurn = snapshot.lastTurn();
      entry.updatedAt = snapshot.updatedAt();
    }
  }

  public int size() {
    return conversations.size();
  }

  private void publish(String id, Entry entry) {
    while (entry.messages.size() > maxMessages) {
      entry.messages.removeFirst();
    }
    entry.updatedAt = clock.instant();
    writer.accept(new HistorySnapshot(id, Math.max(entry.lastTurn, 0), instanceId, entry.updatedAt, entry.messages));
  }

  private static final class Entry {
    final List<Message> messages = new ArrayList<>();
    final Map<Integer, String> cancelledTurns = new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, String> eldest) {
        return size() > CANCELLED_TURNS_KEPT;
      }
    };
    final java.util.Set<Integer> forgottenTurns = java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
        return size() > CANCELLED_TURNS_KEPT;
      }
    });
    int lastTurn = -1;
    Instant updatedAt;
  }
}
