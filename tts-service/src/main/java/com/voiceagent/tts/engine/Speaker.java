package com.voiceagent.tts.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.voiceagent.platform.engine.EngineCalls;
import com.voiceagent.platform.engine.EngineOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks a sentence with the configured engine, falling back to the offline engine for that sentence
 * when the primary fails or runs out of budget, and remembers the audio of fixed phrases (greeting,
 * goodbye, fallbacks) so they are synthesized once. Never throws for an engine failure: the caller
 * gets an empty result and decides what to do.
 */
public final class Speaker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Speaker.class);

  private final TextToSpeech primary;
  private final TextToSpeech fallback;
  private final Duration budget;
  private final Cache<PhraseKey, byte[]> fixedPhrases;
  private final EngineCalls calls = new EngineCalls("tts-engine");

  private record PhraseKey(String engine, String voice, String text) {}

  /**
   * @param primary the engine to use first
   * @param fallback the engine to use when the primary fails; null for none (primary is already offline)
   * @param budget time allowed per sentence and engine
   * @param phraseCacheSize how many fixed phrases to keep (each is a few KB to a few tens of KB)
   */
  public Speaker(TextToSpeech primary, TextToSpeech fallback, Duration budget, int phraseCacheSize) {
    this.primary = Objects.requireNonNull(primary, "primary");
    this.fallback = fallback;
    this.budget = Objects.requireNonNull(budget, "budget");
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("budget must be positive, was " + budget);
    }
    if (phraseCacheSize < 1) {
      throw new IllegalArgumentException("phraseCacheSize must be at least 1, was " + phraseCacheSize);
    }
    this.fixedPhrases = Caffeine.newBuilder().maximumSize(phraseCacheSize).build();
  }

  public String primaryName() {
    return primary.name();
  }

  /** Speaks a sentence the brain composed; not cached (answers rarely repeat). */
  public Optional<Synthesis> speak(String text) {
    Objects.requireNonNull(text, "text");
    return synthesize(text);
  }

  /**
   * Speaks a fixed phrase, from the cache when the primary engine already spoke it. Audio produced by
   * the fallback is not cached: a brief cloud outage must not leave the robotic voice in place for good.
   */
  public Optional<Synthesis> speakFixedPhrase(String text) {
    Objects.requireNonNull(text, "text");
    PhraseKey key = new PhraseKey(primary.name(), primary.voice(), text);
    byte[] cached = fixedPhrases.getIfPresent(key);
    if (cached != null) {
      return Optional.of(new Synthesis(cached, primary.name(), 0, false));
    }
    Optional<Synthesis> made = synthesize(text);
    made.filter(s -> !s.fromFallback()).ifPresent(s -> fixedPhrases.put(key, s.audio()));
    return made;
  }

  /** Synthesizes phrases into the cache ahead of the first call (e.g. the greeting). */
  public void prewarm(List<String> phrases) {
    for (String phrase : phrases) {
      Optional<Synthesis> made = speakFixedPhrase(phrase);
      if (made.isEmpty() || made.get().fromFallback()) {
        log.warn("could not pre-warm phrase \"{}\" with {}; it will be synthesized on first use", phrase, primary.name());
      }
    }
  }

  private Optional<Synthesis> synthesize(String text) {
    EngineOutcome<byte[]> first = calls.call(budget, () -> primary.synthesizeMuLaw8k(text, budget));
    if (first instanceof EngineOutcome.Done<byte[]> done) {
      return Optional.of(new Synthesis(done.value(), primary.name(), done.elapsedMs(), false));
    }
    if (fallback == null) {
      log.error("{} failed, no fallback engine: {}", primary.name(), why(first));
      return Optional.empty();
    }
    log.warn("{} failed, falling back to {} for this sentence: {}", primary.name(), fallback.name(), why(first));
    EngineOutcome<byte[]> second = calls.call(budget, () -> fallback.synthesizeMuLaw8k(text, budget));
    if (second instanceof EngineOutcome.Done<byte[]> done) {
      return Optional.of(new Synthesis(done.value(), fallback.name(), first.elapsedMs() + done.elapsedMs(), true));
    }
    log.error("fallback {} failed too: {}", fallback.name(), why(second));
    return Optional.empty();
  }

  private String why(EngineOutcome<byte[]> outcome) {
    return switch (outcome) {
      case EngineOutcome.TimedOut<byte[]> late -> "no audio within " + budget.toMillis() + " ms";
      case EngineOutcome.Failed<byte[]> failed -> failed.cause().toString();
      case EngineOutcome.Done<byte[]> done -> "done";
    };
  }

  /** Releases engines that hold resources (the Google client's channel). */
  @Override
  public void close() {
    calls.close();
    for (TextToSpeech engine : new TextToSpeech[] {primary, fallback}) {
      if (engine instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.warn("could not close {}: {}", engine.name(), e.toString());
        }
      }
    }
  }

}
