package com.voiceagent.stt.transcribe;

import com.voiceagent.platform.engine.EngineCalls;
import com.voiceagent.platform.engine.EngineOutcome;
import com.voiceagent.stt.engine.Audio;
import com.voiceagent.stt.engine.Recognition;
import com.voiceagent.stt.engine.SpeechToText;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one utterance into an {@link Outcome}, never an exception: silence is never sent, the engine
 * runs under a deadline (the caller is waiting on the line), and invented filler is dropped.
 */
public final class Transcriber implements AutoCloseable {
  static final String NO_SPEECH = "no speech in audio";
  static final String FILLER = "filler/hallucination";
  static final String EMPTY_TEXT = "engine returned no text";
  private static final int MAX_REASON = 300;
  private static final Logger log = LoggerFactory.getLogger(Transcriber.class);

  private final SpeechToText engine;
  private final SpeechGate gate;
  private final HallucinationFilter filter;
  private final Duration budget;
  private final EngineCalls calls = new EngineCalls("stt-engine");

  Transcriber(SpeechToText engine, SpeechGate gate, HallucinationFilter filter, Duration budget) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.filter = Objects.requireNonNull(filter, "filter");
    this.budget = Objects.requireNonNull(budget, "budget");
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("budget must be positive, was " + budget);
    }
  }

  public String engineName() {
    return engine.name();
  }

  public Outcome transcribe(Audio audio) {
    Objects.requireNonNull(audio, "audio");
    if (!gate.hasSpeech(audio)) {
      return Outcome.empty(NO_SPEECH, 0);
    }
    return switch (calls.call(budget, () -> engine.transcribe(audio, budget))) {
      case EngineOutcome.Done<Recognition> done -> judge(done.value(), done.elapsedMs());
      case EngineOutcome.TimedOut<Recognition> late -> {
        log.warn("{} gave no answer within the budget of {} ms", engine.name(), budget.toMillis());
        yield Outcome.failed(engine.name() + " timed out after " + budget.toMillis() + " ms", late.elapsedMs());
      }
      case EngineOutcome.Failed<Recognition> failed -> {
        log.warn("{} failed: {}", engine.name(), failed.cause().toString());
        yield Outcome.failed(engine.name() + " failed: " + describe(failed.cause()), failed.elapsedMs());
      }
    };
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

  @Override
  public void close() {
    calls.close();
  }
}
