package com.voiceagent.dialog.reply;

import com.voiceagent.dialog.engine.CancellationToken;
import com.voiceagent.dialog.engine.SentenceSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * The sink one engine run writes into: prepares each sentence, enforces the length cap, numbers and
 * flags the segments, and stops taking sentences once the turn is cancelled or the engine was given up
 * on (so a late sentence from a timed-out LLM never follows the fallback).
 */
final class TurnSink implements SentenceSink {
  private final ReplyOutput output;
  private final ReplyKind kind;
  private final String engine;
  private final int maxChars;
  private final UnaryOperator<String> prepare;
  private final CancellationToken cancel;
  private final CompletableFuture<Void> firstOrEnd = new CompletableFuture<>();
  private final StringBuilder text = new StringBuilder();
  private boolean closed;
  private int published;
  private boolean lastPublished;
  private boolean endCallRequested;
  private boolean transferRequested;

  TurnSink(ReplyOutput output, ReplyKind kind, String engine, int maxChars, UnaryOperator<String> prepare, CancellationToken cancel) {
    this.output = output;
    this.kind = kind;
    this.engine = engine;
    this.maxChars = maxChars;
    this.prepare = prepare;
    this.cancel = cancel;
  }

  @Override
  public synchronized boolean sentence(String raw, boolean last) {
    if (closed || cancel.isCancelled()) {
      return false;
    }
    String prepared = prepare.apply(raw);
    if (prepared.isBlank()) {
      if (last && published > 0 && !endCallRequested && !transferRequested) {
        // The final sentence was all emoji/markup: the turn still needs its closing segment.
        publish("", true);
      }
      return !last;
    }
    if (prepared.length() > maxChars) {
      prepared = com.voiceagent.dialog.speech.SpeechText.cap(prepared, maxChars);
    }
    boolean capReached = text.length() + prepared.length() >= maxChars;
    publish(prepared, (last || capReached) && !endCallRequested && !transferRequested);
    if (capReached) {
      closed = true;
      return false;
    }
    return !last;
  }

  @Override
  public synchronized void endCall(String reason) {
    endCallRequested = true;
  }

  @Override
  public synchronized void transfer(String reason) {
    transferRequested = true;
  }

  private void publish(String segment, boolean last) {
    output.segment(segment, last, kind, false, engine);
    if (!segment.isEmpty()) {
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(segment);
    }
    published++;
    lastPublished = last;
    if (last) {
      closed = true;
    }
    firstOrEnd.complete(null);
  }

  /** Done at the first segment, or at the engine's end (signalled by {@link #engineEnded()}). */
  Future<Void> firstOrEnd() {
    return firstOrEnd;
  }

  void engineEnded() {
    firstOrEnd.complete(null);
  }

  /** No more sentences from this engine run; returns whether the final segment went out. */
  synchronized boolean close() {
    closed = true;
    return lastPublished;
  }

  synchronized int published() {
    return published;
  }

  synchronized boolean lastPublished() {
    return lastPublished;
  }

  synchronized boolean endCallRequested() {
    return endCallRequested;
  }

  synchronized boolean transferRequested() {
    return transferRequested;
  }

  synchronized String text() {
    return text.toString();
  }
}
