package com.voiceagent.stt.transcribe;

import com.voiceagent.stt.engine.Audio;
import com.voiceagent.stt.engine.Recognition;
import com.voiceagent.stt.engine.SpeechToText;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one utterance into an {@link Outcome}, never an exception: silence is never sent, the engine
 * runs under a deadline (the caller is waiting on the line), and invented filler is dropped.
 */
final class Transcriber implements AutoCloseable {
  static final String NO_SPEECH = "no speech in audio";
  static final String FILLER = "filler/hallucination";
  static final String EMPTY_TEXT = "engine returned no text";
  private static final int MAX_REASON = 300;
  private static final Logger log = LoggerFactory.getLogger(Transcriber.class);

  private final SpeechToText engine;
  private final SpeechGate gate;
  private final HallucinationFilter filter;
  private final Duration budget;
  // Engine calls run on their own virtual threads so that the lane can stop waiting at the deadline.
  private final ExecutorService calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("stt-engine-", 0).factory());

  Transcriber(SpeechToText engine, SpeechGate gate, HallucinationFilter filter, Duration budget) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.filter = Objects.requireNonNull(filter, "filter");
    this.budget = Objects.requireNonNull(budget, "budget");
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("budget must be positive, was " + budget);
    }
  }

  String engineName() {
    return engine.name();
  }

  Outcome transcribe(Audio audio) {
    Objects.requireNonNull(audio, "audio");
    if (!gate.hasSpeech(audio)) {
      return Outcome.empty(NO_SPEECH, 0);
    }
    long start = System.nanoTime();
    Future<Recognition> call = calls.submit(() -> engine.transcribe(audio, budget));
    try {
      Recognition recognition = call.get(budget.toNanos(), TimeUnit.NANOSECONDS);
      return judge(recognition, millisSince(start));
    } catch (TimeoutException e) {
      call.cancel(true);
      log.warn("{} gave no answer within the budget of {} ms", engine.name(), budget.toMillis());
      return Outcome.failed(engine.name() + " timed out after " + budget.toMillis() + " ms", millisSince(start));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      log.warn("{} failed: {}", engine.name(), cause.toString());
      return Outcome.failed(engine.name() + " failed: " + describe(cause), millisSince(start));
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      return Outcome.failed("interrupted while waiting for " + engine.name(), millisSince(start));
    }
  }

  private Outcome judge(Recognition recognition, long engineMs) {
    if (recognition.nothingReason().isPresent()) {
      return Outcome.empty(recognition.nothingReason().get(), engineMs);
    }
    String text = recognition.text().strip();
    if (text.isEmpty()) {
      return Outcome.empty(EMPTY_TEXT, engineMs);
    }
    if (filter.isFiller(text)) {
      log.info("dropping likely Whisper filler/hallucination: \"{}\"", text);
      return Outcome.empty(FILLER, engineMs);
    }
    return Outcome.ok(text, engineMs);
  }

  private static String describe(Throwable cause) {
    String message = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    message = message.replaceAll("\\s+", " ");
    return message.length() <= MAX_REASON ? message : message.substring(0, MAX_REASON) + "...";
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Override
  public void close() {
    calls.shutdownNow();
  }
}
