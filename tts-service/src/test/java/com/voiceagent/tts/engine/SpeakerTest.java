package com.voiceagent.tts.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The fallback and caching rules, with small scripted engines (the real engines have their own tests
 * against a Google protocol fixture and the real espeak-ng).
 */
class SpeakerTest {
  private static final Duration BUDGET = Duration.ofSeconds(1);

  /** Speaks a fixed byte per engine, or fails when told to; counts its calls. */
  static class ScriptedEngine implements TextToSpeech {
    final String name;
    final byte sound;
    volatile boolean failing;
    final AtomicInteger calls = new AtomicInteger();

    ScriptedEngine(String name, byte sound) {
      this.name = name;
      this.sound = sound;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String voice() {
      return name + "-voice";
    }

    @Override
    public byte[] synthesizeMuLaw8k(String text, Duration budget) {
      calls.incrementAndGet();
      if (failing) {
        throw new SpeechFailedException(name + " is down");
      }
      return new byte[] {sound, sound, sound};
    }
  }

  private final ScriptedEngine google = new ScriptedEngine("google", (byte) 1);
  private final ScriptedEngine espeak = new ScriptedEngine("espeak", (byte) 2);
  private final Speaker speaker = new Speaker(google, espeak, BUDGET, 16);

  @Test
  void thePrimaryEngineSpeaksWhenItWorks() {
    Synthesis s = speaker.speak("שלום").orElseThrow();

    assertThat(s.engine()).isEqualTo("google");
    assertThat(s.fromFallback()).isFalse();
    assertThat(s.audio()).containsOnly(1);
    assertThat(espeak.calls).hasValue(0);
  }

  @Test
  void aFailingPrimaryFallsBackForThatSentence() {
    google.failing = true;

    Synthesis s = speaker.speak("שלום").orElseThrow();

    assertThat(s.engine()).isEqualTo("espeak");
    assertThat(s.fromFallback()).isTrue();
    assertThat(s.audio()).containsOnly(2);
  }

  @Test
  void whenEveryEngineFailsThereIsNoAudioAndNoException() {
    google.failing = true;
    espeak.failing = true;

    assertThat(speaker.speak("שלום")).isEmpty();
  }

  @Test
  void aRuntimeBugInAnEngineIsTreatedAsAFailure() {
    TextToSpeech buggy = new ScriptedEngine("google", (byte) 1) {
      @Override
      public byte[] synthesizeMuLaw8k(String text, Duration budget) {
        throw new NullPointerException("bug");
      }
    };

    assertThat(new Speaker(buggy, espeak, BUDGET, 4).speak("שלום").orElseThrow().engine()).isEqualTo("espeak");
  }

  @Test
  void aFixedPhraseIsSynthesizedOnce() {
    speaker.speakFixedPhrase("שלום, הגעתם למרפאה");
    Synthesis second = speaker.speakFixedPhrase("שלום, הגעתם למרפאה").orElseThrow();

    assertThat(google.calls).hasValue(1);
    assertThat(second.audio()).containsOnly(1);
    assertThat(second.engineMs()).isZero();
  }

  @Test
  void fallbackAudioForAFixedPhraseIsNotCached() {
    google.failing = true;
    speaker.speakFixedPhrase("שלום");
    google.failing = false;

    Synthesis later = speaker.speakFixedPhrase("שלום").orElseThrow();

    assertThat(later.engine()).isEqualTo("google");
    assertThat(google.calls).hasValue(2);
  }

  @Test
  void prewarmedPhrasesAreServedFromTheCache() {
    speaker.prewarm(List.of("שלום", "להתראות"));

    speaker.speakFixedPhrase("להתראות");

    assertThat(google.calls).hasValue(2);
  }

  @Test
  void anEngineWithoutFallbackFailsSoftly() {
    espeak.failing = true;

    assertThat(new Speaker(espeak, null, BUDGET, 4).speak("שלום")).isEmpty();
  }

  @Test
  void argumentsAreCheckedEagerly() {
    assertThatThrownBy(() -> new Speaker(google, espeak, Duration.ZERO, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("budget must be positive, was PT0S");
    assertThatThrownBy(() -> new Speaker(google, espeak, BUDGET, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("phraseCacheSize must be at least 1, was 0");
    assertThatThrownBy(() -> new Speaker(null, espeak, BUDGET, 4))
        .isInstanceOf(NullPointerException.class).hasMessage("primary");
  }
}
