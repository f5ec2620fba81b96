package com.voiceagent.gateway.call;

import com.voiceagent.gateway.token.StreamEnd;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * How a call's stream begins: a new call, or a call that goes on on a new stream after its last one ended
 * (its gateway died or drained).
 *
 * @param lastTurn the last turn the call's earlier streams published (0 for a new call)
 * @param resumedAfter why the previous stream ended; null for the call's first stream
 * @param turnPublished told each turn this stream publishes, so a later stream numbers its turns after it
 */
public record Opening(int lastTurn, @Nullable StreamEnd resumedAfter, IntConsumer turnPublished) {
  public Opening {
    Objects.requireNonNull(turnPublished, "turnPublished");
  }

  /** A call's first stream. */
  public static Opening newCall(IntConsumer turnPublished) {
    return new Opening(0, null, turnPublished);
  }

  public boolean resumed() {
    return resumedAfter != null;
  }

  /**
   * The first turn number this stream may use, minus one. A resumed stream skips one number: the turn its
   * predecessor published just before dying may be missing from voice.calls, and two turns must never share a number.
   */
  int turnsBefore() {
    return resumed() ? lastTurn + 1 : lastTurn;
  }
}
