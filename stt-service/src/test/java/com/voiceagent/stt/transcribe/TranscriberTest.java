package com.voiceagent.stt.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.voiceagent.stt.SttProperties;
import com.voiceagent.stt.TestAudio;
import com.voiceagent.stt.engine.Audio;
import com.voiceagent.stt.engine.Recognition;
import com.voiceagent.stt.engine.SpeechToText;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The stage's guarantees around any engine: deadline, no exception out, guards. */
class TranscriberTest {

  /** An engine whose behaviour each test sets; it counts the calls it receives. */
  private static final class ScriptedEngine implements SpeechToText {
    final AtomicInteger calls = new AtomicInteger();
    final java.util.function.Function<Audio, Recognition> behaviour;

    ScriptedEngine(java.util.function.Function<Audio, Recognition> behaviour) {
      this.behaviour = behaviour;
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public Recognition transcribe(Audio audio, Duration budget) {
      calls.incrementAndGet();
      return behaviour.apply(audio);
    }
  }

  private static Transcriber transcriber(SpeechToText engine, Duration budget) {
    return new Transcriber(engine, new SpeechGate(Duration.ofMillis(200), 400),
        new HallucinationFilter(SttProperties.DEFAULT_FILLERS), budget);
  }

  @Test
  void aFailingEngineGivesAFailedTranscriptWithAReason() {
    var engine = new ScriptedEngine(audio -> {
      throw new IllegalStateException("model exploded");
    });
    try (Transcriber transcriber = transcriber(engine, Duration.ofSeconds(1))) {
      Outcome outcome = transcriber.transcribe(TestAudio.speech());
      assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(outcome.reason()).isEqualTo("scripted failed: IllegalStateException: model exploded");
    }
  }

  @Test
  void anEngineThatIgnoresItsBudgetIsAbandonedAtTheDeadline() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    var engine = new ScriptedEngine(audio -> {
      while (true) {
        try {
          never.await();
        } catch (InterruptedException ignored) {
          // like a native call: deaf to interrupts
        }
      }
    });
    try (Transcriber transcriber = transcriber(engine, Duration.ofMillis(300))) {
      Outcome outcome = transcriber.transcribe(TestAudio.speech());
      assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(outcome.reason()).isEqualTo("scripted timed out after 300 ms");
      assertThat(outcome.engineMs()).isGreaterThanOrEqualTo(300);
    } finally {
      never.countDown();
    }
  }

  @Test
  void noisyLineAudioIsNeverSentToTheEngine() {
    var engine = new ScriptedEngine(audio -> Recognition.of("Thanks for watching!"));
    try (Transcriber transcriber = transcriber(engine, Duration.ofSeconds(1))) {
      Outcome outcome = transcriber.transcribe(TestAudio.noise(Duration.ofSeconds(3), 100, 3));
      assertThat(outcome.status()).isEqualTo(Outcome.Status.EMPTY);
      assertThat(outcome.reason()).isEqualTo("no speech in audio");
      assertThat(engine.calls).hasValue(0);
    }
  }

  @Test
  void theEnginesOwnReasonForHearingNothingIsKept() {
    var engine = new ScriptedEngine(audio -> Recognition.nothing("no speech-to-text engine configured"));
    try (Transcriber transcriber = transcriber(engine, Duration.ofSeconds(1))) {
      Outcome outcome = transcriber.transcribe(TestAudio.speech());
      assertThat(outcome.status()).isEqualTo(Outcome.Status.EMPTY);
      assertThat(outcome.reason()).isEqualTo("no speech-to-text engine configured");
    }
  }

  @Test
  void theTextIsTrimmedAndKeptAsHeard() {
    var engine = new ScriptedEngine(audio -> Recognition.of("  מה שעות הפתיחה?\n"));
    try (Transcriber transcriber = transcriber(engine, Duration.ofSeconds(1))) {
      Outcome outcome = transcriber.transcribe(TestAudio.speech());
      assertThat(outcome.status()).isEqualTo(Outcome.Status.OK);
      assertThat(outcome.text()).isEqualTo("מה שעות הפתיחה?");
    }
  }
}
