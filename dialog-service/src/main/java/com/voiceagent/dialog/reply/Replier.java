package com.voiceagent.dialog.reply;

import com.voiceagent.dialog.engine.CancellationToken;
import com.voiceagent.dialog.engine.Conversation;
import com.voiceagent.dialog.engine.DialogEngine;
import com.voiceagent.dialog.scripted.Business;
import com.voiceagent.dialog.speech.SentenceSplitter;
import com.voiceagent.platform.engine.Deadline;
import com.voiceagent.platform.engine.EngineCalls;
import com.voiceagent.platform.engine.EngineOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one reply: the chosen engine under a first-sentence budget and a whole-reply budget, the scripted
 * fallback when the engine fails, is too slow or says nothing, the goodbye phrase when the conversation
 * ends, and a short apology when even a half-finished reply breaks off. The customer always gets an
 * answer, and the call goes on.
 *
 * <p>The engine runs through {@link EngineCalls}, so the budgets hold even while the engine is stuck in a
 * blocking call (an HTTP request whose headers never come).
 */
public final class Replier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Replier.class);

  private final DialogEngine primary;
  private final DialogEngine fallback;
  private final Business business;
  private final Duration firstSentenceTimeout;
  private final Duration replyTimeout;
  private final int minSentenceChars;
  private final EngineCalls engineCalls = new EngineCalls("dialog-engine");

  /**
   * @param fallback the offline engine heard when {@code primary} fails; null when primary is that engine
   */
  public Replier(DialogEngine primary, DialogEngine fallback, Business business, Duration firstSentenceTimeout,
      Duration replyTimeout, int minSentenceChars) {
    this.primary = Objects.requireNonNull(primary, "primary");
    this.fallback = fallback;
    this.business = Objects.requireNonNull(business, "business");
    this.firstSentenceTimeout = Objects.requireNonNull(firstSentenceTimeout, "firstSentenceTimeout");
    this.replyTimeout = Objects.requireNonNull(replyTimeout, "replyTimeout");
    this.minSentenceChars = minSentenceChars;
  }

  /**
   * Answers {@code userText}, writing segments to {@code output}; blocks until the reply is complete or
   * {@code cancel} fires.
   *
   * @param maxChars length cap of the reply
   * @param prepare turns a sentence into what may be emitted (speech preparation for calls)
   */
  public ReplyResult reply(Conversation conversation, String userText, ReplyOutput output, CancellationToken cancel,
      int maxChars, UnaryOperator<String> prepare) {
    CancellationToken engineCancel = new CancellationToken();
    cancel.onCancel(() -> engineCancel.cancel(cancel.reason()));
    TurnSink sink = new TurnSink(output, ReplyKind.ANSWER, primary.name(), maxChars, prepare, engineCancel);
    long started = System.nanoTime();
    Future<Void> run = engineCalls.start(() -> {
      try {
        primary.reply(conversation, userText, sink, engineCancel);
      } finally {
        sink.engineEnded();
      }
      return null;
    });
    // Two deadlines, one mechanism: the first sentence must come within its budget (the caller is waiting in
    // silence), the whole reply within the reply budget.
    EngineOutcome<Void> first = EngineCalls.await(sink.firstOrEnd(), Deadline.in(firstSentenceTimeout), started);
    if (cancel.isCancelled()) {
      giveUp(run, engineCancel, sink, cancel.reason());
      return new ReplyResult(sink.text(), primary.name(), ReplyKind.ANSWER, false, true);
    }
    if (!(first instanceof EngineOutcome.Done)) {
      log.warn("{} engine gave no sentence within {}: the caller hears the fallback", primary.name(), firstSentenceTimeout);
      giveUp(run, engineCancel, sink, "first sentence timeout");
      return fallback(conversation, userText, output, cancel, maxChars, prepare, "");
    }
    Throwable error = switch (EngineCalls.await(run, new Deadline(started + replyTimeout.toNanos()), started)) {
      case EngineOutcome.Done<Void> done -> null;
      case EngineOutcome.TimedOut<Void> late -> {
        giveUp(run, engineCancel, sink, "reply timeout");
        yield new TimeoutException("reply not finished within " + replyTimeout);
      }
      case EngineOutcome.Failed<Void> failed -> {
        if (failed.cause() instanceof InterruptedException) {
          giveUp(run, engineCancel, sink, "interrupted");
        }
        yield failed.cause();
      }
    };
    boolean lastOut = sink.close();
    if (cancel.isCancelled()) {
      return new ReplyResult(sink.text(), primary.name(), ReplyKind.ANSWER, false, true);
    }
    if (error != null) {
      if (sink.published() == 0) {
        log.warn("{} engine failed, the caller hears the fallback: {}", primary.name(), error.toString());
        return fallback(conversation, userText, output, cancel, maxChars, prepare, "");
      }
      log.warn("{} engine broke off after {} sentence(s): {}", primary.name(), sink.published(), error.toString());
      if (lastOut) {
        return new ReplyResult(sink.text(), primary.name(), ReplyKind.ANSWER, false, false);
      }
      String apology = business.apologyText();
      output.segment(apology, true, ReplyKind.FALLBACK, false, fallbackName());
      return new ReplyResult(join(sink.text(), apology), fallbackName(), ReplyKind.FALLBACK, false, false);
    }
    if (sink.endCallRequested()) {
      return goodbye(output, sink.text(), primary.name());
    }
    if (sink.transferRequested()) {
      return transfer(output, sink.text(), primary.name());
    }
    if (sink.published() == 0) {
      log.warn("{} engine returned no text: the caller hears the fallback", primary.name());
      return fallback(conversation, userText, output, cancel, maxChars, prepare, "");
    }
    if (!lastOut) {
      output.segment("", true, ReplyKind.ANSWER, false, primary.name());
    }
    return new ReplyResult(sink.text(), primary.name(), ReplyKind.ANSWER, false, false);
  }

  private ReplyResult fallback(Conversation conversation, String userText, ReplyOutput output, CancellationToken cancel,
      int maxChars, UnaryOperator<String> prepare, String before) {
    if (fallback == null) {
      String apology = business.apologyText();
      output.segment(apology, true, ReplyKind.FALLBACK, false, primary.name());
      return new ReplyResult(join(before, apology), primary.name(), ReplyKind.FALLBACK, false, false);
    }
    TurnSink sink = new TurnSink(output, ReplyKind.FALLBACK, fallback.name(), maxChars, prepare, cancel);
    try {
      fallback.reply(conversation, userText, sink, cancel);
    } catch (RuntimeException e) {
      log.error("fallback engine {} failed too: {}", fallback.name(), e.toString(), e);
    }
    boolean lastOut = sink.close();
    if (cancel.isCancelled()) {
      return new ReplyResult(join(before, sink.text()), fallback.name(), ReplyKind.FALLBACK, false, true);
    }
    if (sink.endCallRequested()) {
      return goodbye(output, join(before, sink.text()), fallback.name());
    }
    if (sink.transferRequested()) {
      return transfer(output, join(before, sink.text()), fallback.name());
    }
    if (!lastOut) {
      String apology = sink.published() == 0 ? business.apologyText() : "";
      output.segment(apology, true, ReplyKind.FALLBACK, false, fallback.name());
      return new ReplyResult(join(before, join(sink.text(), apology)), fallback.name(), ReplyKind.FALLBACK, false, false);
    }
    return new ReplyResult(join(before, sink.text()), fallback.name(), ReplyKind.FALLBACK, false, false);
  }

  /** The fixed goodbye phrase after whatever the engine said; its last segment hangs up. */
  private ReplyResult goodbye(ReplyOutput output, String before, String engine) {
    String goodbye = business.goodbyeText();
    List<String> sentences = SentenceSplitter.split(goodbye, minSentenceChars);
    for (int i = 0; i < sentences.size(); i++) {
      boolean last = i == sentences.size() - 1;
      output.segment(sentences.get(i), last, ReplyKind.GOODBYE, last, engine);
    }
    return new ReplyResult(join(before, goodbye), engine, ReplyKind.GOODBYE, true, false);
  }

  /** The transfer phrase after whatever the engine said; the gateway hands the call to a person once it is heard. */
  private ReplyResult transfer(ReplyOutput output, String before, String engine) {
    String phrase = business.transferText();
    output.transferSegment(phrase, engine);
    log.info("{} engine asked for a person: the transfer phrase goes out with the transfer flag", engine);
    return new ReplyResult(join(before, phrase), engine, ReplyKind.ANSWER, false, false);
  }

  private String fallbackName() {
    return fallback == null ? primary.name() : fallback.name();
  }

  private static void giveUp(Future<?> run, CancellationToken engineCancel, TurnSink sink, String why) {
    sink.close();
    engineCancel.cancel(why);
    run.cancel(true); // interrupts an engine blocked before its stream even opened
  }

  private static String join(String a, String b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : a + " " + b;
  }

  @Override
  public void close() {
    engineCalls.close();
  }
}
