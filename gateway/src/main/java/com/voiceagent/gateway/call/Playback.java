package com.voiceagent.gateway.call;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the agent is saying on one call and what the caller has heard: puts reply segments in order,
 * names a mark per segment, and counts the echoed marks. Pure state, no I/O; the owning
 * {@link CallSession} guards it with its lock.
 */
final class Playback {
  /** A segment ready to be sent, with when its record reached us. */
  record Ready(AgentSpeech speech, Instant receivedAt, boolean firstOfTurn, String markName) {}

  /** A segment whose audio was sent, waiting for its mark to come back; seq -1 for a phrase of the gateway's own. */
  record SentMark(int turn, int seq, String text, boolean last, boolean endCall, boolean transfer) {
    boolean ownPhrase() {
      return seq < 0;
    }
  }

  /** A turn cut short, with what the caller heard of it. */
  record Cut(int turn, int heardSegments, String heardText) {}

  private static final class TurnState {
    int nextSeq;
    boolean started;
    int heardSegments;
    final List<String> heardTexts = new ArrayList<>();
    final TreeMap<Integer, Ready> held = new TreeMap<>();
  }

  private final int maxHeldSegments;
  private final Map<Integer, TurnState> turns = new HashMap<>();
  private final LinkedHashMap<String, SentMark> outstanding = new LinkedHashMap<>();
  private int playingTurn = -1;
  private int ownPhrases;
  private int cancelledUpTo = -1;
  /** The turn the caller is waiting for or hearing; -1 when none. */
  private int openTurn = -1;
  private String lastDropReason = "";
  /** Speculative turns whose end of speech is not confirmed yet: their audio is held, never played. */
  private final java.util.Set<Integer> unconfirmed = new java.util.HashSet<>();
  /** Speculative turns the caller talked on through: their audio is dropped (bounded, newest kept). */
  private final java.util.Set<Integer> abandoned = java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
      return size() > 16;
    }
  });

  Playback(int maxHeldSegments) {
    this.maxHeldSegments = maxHeldSegments;
  }

  static String markName(int turn, int seq) {
    return "t" + turn + "-s" + seq;
  }

  void utterancePublished(int turn) {
    openTurn = Math.max(openTurn, turn);
  }

  /**
   * A turn published speculatively (the caller paused): its audio is held until {@link #confirm} and
   * dropped by {@link #abandon}.
   */
  void speculativeUtterancePublished(int turn) {
    utterancePublished(turn);
    unconfirmed.add(turn);
  }

  /** The end silence confirmed a speculative turn: its held audio (if any) is now playable, in order. */
  List<Ready> confirm(int turn) {
    if (!unconfirmed.remove(turn)) {
      return List.of();
    }
    TurnState state = turns.get(turn);
    return state == null ? List.of() : release(turn, state);
  }

  /** The caller went on speaking after a speculative turn: it never happened, drop its audio for good. */
  void abandon(int turn) {
    unconfirmed.remove(turn);
    abandoned.add(turn);
    turns.remove(turn);
    if (openTurn == turn) {
      openTurn = -1; // nothing was heard of it and nothing will be: no CALL_ENDED cancel for it
    }
  }

  /** Accepts a segment; returns the segments now playable, in order (empty when it is held or dropped). */
  List<Ready> accept(AgentSpeech speech, Instant receivedAt) {
    int turn = speech.turn();
    int seq = speech.seq();
    if (turn <= cancelledUpTo || abandoned.contains(turn)) {
      return drop("turn " + turn + " was cancelled");
    }
    if (turn < playingTurn) {
      return drop("turn " + turn + " is stale: turn " + playingTurn + " is playing");
    }
    TurnState state = turns.computeIfAbsent(turn, t -> new TurnState());
    if (seq < state.nextSeq || state.held.containsKey(seq)) {
      return drop("segment " + seq + " of turn " + turn + " is a duplicate");
    }
    if (heldCount() >= maxHeldSegments) {
      return drop("more than " + maxHeldSegments + " segments held waiting for a predecessor");
    }
    state.held.put(seq, new Ready(speech, receivedAt, false, markName(turn, seq)));
    lastDropReason = "";
    if (unconfirmed.contains(turn)) {
      return List.of(); // held: the caller may still go on speaking
    }
    return release(turn, state);
  }

  /** Moves the turn's held segments that are next in seq order to the outstanding marks. */
  private List<Ready> release(int turn, TurnState state) {
    List<Ready> ready = new ArrayList<>();
    while (!state.held.isEmpty() && state.held.firstKey() == state.nextSeq) {
      Ready next = state.held.pollFirstEntry().getValue();
      ready.add(new Ready(next.speech(), next.receivedAt(), !state.started, next.markName()));
      state.started = true;
      state.nextSeq++;
      AgentSpeech speech = next.speech();
      outstanding.put(next.markName(), new SentMark(turn, speech.seq(), speech.text(), speech.last(), speech.endCall(),
          speech.transfer()));
    }
    if (!ready.isEmpty() && turn > playingTurn) {
      // A newer turn started: older turns will never be completed, forget them (bounded memory).
      turns.keySet().removeIf(t -> t < turn);
      playingTurn = turn;
      openTurn = Math.max(openTurn, turn);
    }
    return ready;
  }

  /**
   * Whether the caller is waiting for the reply to {@code turn} and hears nothing: it is the newest turn, not
   * taken back or cancelled, confirmed, and none of its audio (nor anything else) is playing.
   */
  boolean awaitingReply(int turn) {
    TurnState state = turns.get(turn);
    return turn == openTurn && turn > cancelledUpTo && !unconfirmed.contains(turn) && !abandoned.contains(turn)
        && (state == null || !state.started) && outstanding.isEmpty();
  }

  /** A phrase of the gateway's own is being sent: its mark counts as the agent speaking, not as part of a turn. */
  String ownPhrase(String name, String text) {
    String mark = "own-" + name + "-" + (++ownPhrases);
    outstanding.put(mark, new SentMark(-1, -1, text, false, false, false));
    return mark;
  }

  /** No turn is open and nothing is playing: the call is between turns. */
  boolean idle() {
    return openTurn < 0 && outstanding.isEmpty() && unconfirmed.isEmpty();
  }

  /** Why the last {@link #accept} played nothing and held nothing ("" when it did not drop). */
  String lastDropReason() {
    return lastDropReason;
  }

  /** A mark came back: that segment was heard. Null for marks we did not send or that a clear dropped. */
  SentMark markEchoed(String name) {
    SentMark mark = outstanding.remove(name);
    if (mark == null || mark.ownPhrase()) {
      return mark;
    }
    TurnState state = turns.get(mark.turn());
    if (state != null) {
      state.heardSegments++;
      state.heardTexts.add(mark.text());
    }
    if (mark.last() && openTurn == mark.turn()) {
      openTurn = -1;
    }
    return mark;
  }

  /** The agent is talking: audio was sent whose mark has not come back. */
  boolean agentSpeaking() {
    return !outstanding.isEmpty();
  }

  /**
   * The caller spoke over the agent, or spoke on while waiting for its reply: everything still playing is
   * forgotten, and so is the reply the caller waits for (its audio, sent later, would start while they talk;
   * what they are saying now is the next turn, and the dialog answers it knowing this one). Returns the turns
   * cut, oldest first, each with what was heard of it; empty when only a phrase of the gateway's own (or
   * nothing) was playing and no reply was awaited. A speculative turn is not cut here: the caller going on
   * takes it back ({@link #abandon}).
   */
  List<Cut> bargeIn() {
    List<Cut> cuts = new ArrayList<>(2);
    boolean turnPlaying = outstanding.values().stream().anyMatch(mark -> !mark.ownPhrase());
    outstanding.clear(); // clear echoes every pending mark: those were not heard
    if (turnPlaying && playingTurn > cancelledUpTo) {
      cuts.add(cut(turns.remove(playingTurn), playingTurn));
      cancelledUpTo = playingTurn;
    }
    if (openTurn > cancelledUpTo && !unconfirmed.contains(openTurn)) {
      cuts.add(cut(turns.remove(openTurn), openTurn));
      cancelledUpTo = openTurn;
    }
    if (openTurn <= cancelledUpTo) {
      openTurn = -1;
    }
    return cuts;
  }

  /** The call ended: the open turn (if any) with what was heard of it. */
  Cut endCall() {
    if (openTurn < 0) {
      return null;
    }
    int turn = openTurn;
    openTurn = -1;
    outstanding.clear();
    return cut(turns.remove(turn), turn);
  }

  int heldCount() {
    int held = 0;
    for (TurnState state : turns.values()) {
      held += state.held.size();
    }
    return held;
  }

  int outstandingMarks() {
    return outstanding.size();
  }

  private static Cut cut(TurnState state, int turn) {
    if (state == null) {
      return new Cut(turn, 0, "");
    }
    return new Cut(turn, state.heardSegments, String.join(" ", state.heardTexts));
  }

  private List<Ready> drop(String reason) {
    lastDropReason = reason;
    return List.of();
  }
}
