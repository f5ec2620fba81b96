package com.voiceagent.dialog.tools;

import com.voiceagent.dialog.engine.CancellationToken;
import com.voiceagent.dialog.engine.Conversation;
import com.voiceagent.dialog.engine.SentenceSink;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tools for the engines, the same way for the LLM and the scripted engine: each call bounded by its
 * tool's timeout and abandoned when the turn is cancelled, and on a call a tool that is still running
 * after {@code fillerAfter} makes the caller hear the filler phrase once per reply, so a slow booking
 * system is never dead air. The filler is just a sentence handed to the sink while the tool runs; a fast
 * tool's answer is not delayed by it.
 */
public final class ToolRunner {
  private static final Logger log = LoggerFactory.getLogger(ToolRunner.class);

  private final ToolRegistry registry;
  private final Duration fillerAfter;
  private final String filler;
  private final String failedText;
  private final int maxRounds;

  /**
   * @param fillerAfter how long a tool may run before the caller hears {@code filler}
   * @param filler the short phrase ("רגע, אני בודק.") said while a slow tool runs
   * @param failedText the polite phrase said when a tool fails or times out
   * @param maxRounds model requests per reply at most (the first one included), so a model that keeps
   *     asking for tools cannot hold the caller in a loop
   */
  public ToolRunner(ToolRegistry registry, Duration fillerAfter, String filler, String failedText, int maxRounds) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.fillerAfter = Objects.requireNonNull(fillerAfter, "fillerAfter");
    this.filler = Objects.requireNonNull(filler, "filler");
    this.failedText = Objects.requireNonNull(failedText, "failedText");
    if (maxRounds < 2) {
      throw new IllegalArgumentException("maxRounds must be at least 2 (a tool call and the answer)");
    }
    this.maxRounds = maxRounds;
  }

  public String failedText() {
    return failedText;
  }

  public int maxRounds() {
    return maxRounds;
  }

  /** Whether a tool of that name is registered. */
  public boolean has(String name) {
    return registry.find(name).isPresent();
  }

  /** The tools offered to the LLM. */
  public List<ToolSpec> specs() {
    return registry.all().stream().map(Tool::spec).toList();
  }

  /** Tool calls of one reply: the filler is said at most once in it. */
  public Session session(Conversation conversation, SentenceSink sink, CancellationToken cancel) {
    return new Session(conversation, sink, cancel);
  }

  public final class Session {
    private final Conversation conversation;
    private final SentenceSink sink;
    private final CancellationToken cancel;
    private boolean fillerSaid;

    private Session(Conversation conversation, SentenceSink sink, CancellationToken cancel) {
      this.conversation = conversation;
      this.sink = sink;
      this.cancel = cancel;
    }

    /** Calls the named tool and waits for its outcome (never longer than the tool's timeout). */
    public ToolOutcome call(String name, String arguments) {
      Tool tool = registry.find(name).orElse(null);
      if (tool == null) {
        log.warn("tool {} was asked for but is not registered", name);
        return new ToolOutcome.Failed("no tool named " + name);
      }
      if (!tool.spec().offeredIn(conversation.channel())) {
        log.warn("tool {} was asked for in a {} conversation, where it is not offered", name, conversation.channel());
        return new ToolOutcome.Failed(name + " is not offered in " + conversation.channel());
      }
      if (cancel.isCancelled()) {
        return new ToolOutcome.Cancelled();
      }
      Duration timeout = tool.spec().timeout();
      long started = System.nanoTime();
      CompletableFuture<String> running;
      try {
        running = tool.call(new ToolCall(conversation.id(), conversation.channel(), arguments));
      } catch (RuntimeException e) {
        return failed(name, started, e);
      }
      running.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
      cancel.onCancel(() -> running.cancel(true));
      try {
        if (mayFill(timeout)) {
          try {
            return done(name, started, running.get(fillerAfter.toNanos(), TimeUnit.NANOSECONDS));
          } catch (TimeoutException slow) {
            fillerSaid = true;
            log.info("tool {} still running after {} ms: the caller hears the filler", name, fillerAfter.toMillis());
            sink.sentence(filler, false);
          }
        }
        return done(name, started, running.get());
      } catch (InterruptedException e) {
        running.cancel(true);
        Thread.currentThread().interrupt();
        return new ToolOutcome.Cancelled();
      } catch (CancellationException e) {
        return cancel.isCancelled() ? new ToolOutcome.Cancelled() : failed(name, started, e);
      } catch (ExecutionException e) {
        if (cancel.isCancelled()) {
          return new ToolOutcome.Cancelled();
        }
        return failed(name, started, e.getCause() instanceof TimeoutException
            ? new TimeoutException("no answer within " + timeout.toMillis() + " ms") : e.getCause());
      }
    }

    private boolean mayFill(Duration timeout) {
      // Text conversations get one message: a filler there would only be noise before the answer.
      return !fillerSaid && !filler.isBlank() && conversation.channel() == Conversation.Channel.VOICE
          && fillerAfter.compareTo(timeout) < 0;
    }
  }

  private static ToolOutcome done(String name, long started, String result) {
    log.info("tool {} answered in {} ms", name, (System.nanoTime() - started) / 1_000_000);
    return new ToolOutcome.Done(result == null ? "" : result);
  }

  private static ToolOutcome failed(String name, long started, Throwable why) {
    // The arguments and the answer may hold the caller's personal details: only the tool and the reason.
    log.warn("tool {} failed after {} ms: {}", name, (System.nanoTime() - started) / 1_000_000, why.toString());
    return new ToolOutcome.Failed(why.toString());
  }
}
