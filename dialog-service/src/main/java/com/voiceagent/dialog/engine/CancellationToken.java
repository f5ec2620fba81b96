package com.voiceagent.dialog.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops one turn's work from another thread (barge-in, timeout). Engines register what must be closed
 * (an HTTP stream); registering after cancellation runs the action at once, so a stream opened just
 * after the cancel is still closed.
 */
public final class CancellationToken {
  private static final Logger log = LoggerFactory.getLogger(CancellationToken.class);
  private final List<Runnable> actions = new CopyOnWriteArrayList<>();
  private volatile String reason;

  public boolean isCancelled() {
    return reason != null;
  }

  /** Why the turn was cancelled, or null. */
  public String reason() {
    return reason;
  }

  public void cancel(String why) {
    List<Runnable> toRun;
    synchronized (this) {
      if (reason != null) {
        return;
      }
      reason = why == null ? "cancelled" : why;
      toRun = List.copyOf(actions);
    }
    toRun.forEach(CancellationToken::runQuietly);
  }

  public void onCancel(Runnable action) {
    boolean runNow;
    synchronized (this) {
      runNow = reason != null;
      if (!runNow) {
        actions.add(action);
      }
    }
    if (runNow) {
      runQuietly(action);
    }
  }

  private static void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      log.debug("cancel action failed: {}", e.toString());
    }
  }
}
