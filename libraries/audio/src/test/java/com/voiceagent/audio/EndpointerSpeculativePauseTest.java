package com.voiceagent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Speculative pauses ({@link Endpointer.Listener#speechPaused} / {@link Endpointer.Listener#speechResumed}) on
 * the recorded Hebrew fixtures (positions: src/test/resources/audio/README.md).
 */
class EndpointerSpeculativePauseTest {

    private static final long TOLERANCE_MS = 150;
    private static final long FIRST_SENTENCE_START = 1000;
    private static final long IN_SENTENCE_PAUSE_START = 3047;
    private static final long IN_SENTENCE_PAUSE_END = 3347;
    private static final long FIRST_SENTENCE_END = 4169;
    private static final long SECOND_SENTENCE_END = 7078;

    private static final EndpointerConfig SPECULATIVE = EndpointerConfig.defaults()
            .withSpeculativeSilence(Duration.ofMillis(250));

    @Test
    void theThreeHundredMillisecondPauseInsideASentenceFiresPausedThenResumedAndTheUtteranceStillCoversTheSentence()
            throws IOException {
        RecordingListener events = run(SPECULATIVE, "hebrew-two-sentences-noisy.wav");

        DetectedUtterance first = events.utterances.getFirst();
        assertThat(first.startMs()).isCloseTo(FIRST_SENTENCE_START, within(TOLERANCE_MS));
        assertThat(first.endMs()).isCloseTo(FIRST_SENTENCE_END, within(TOLERANCE_MS));
        // Within the first sentence: a pause at the in-sentence gap, then the caller goes on.
        DetectedUtterance atThePause = events.paused.stream()
                .filter(p -> Math.abs(p.endMs() - IN_SENTENCE_PAUSE_START) <= TOLERANCE_MS).findFirst().orElseThrow();
        assertThat(atThePause.startMs()).isEqualTo(first.startMs());
        assertThat(atThePause.cutAtMaxLength()).isFalse();
        assertThat(events.resumed).anySatisfy(t -> assertThat(t).isCloseTo(IN_SENTENCE_PAUSE_END, within(TOLERANCE_MS)));
        int pausedAt = events.paused.indexOf(atThePause);
        // Every pause inside the first sentence is followed by a resume, and the first utterance comes last.
        int firstUtterance = events.order.indexOf("utterance");
        assertThat(events.order.subList(0, firstUtterance))
                .containsSubsequence("paused", "resumed")
                .endsWith("paused");
        assertThat(pausedAt).isLessThan(events.paused.size());
        long pausesBeforeEnd = events.order.subList(0, firstUtterance).stream().filter("paused"::equals).count();
        long resumesBeforeEnd = events.order.subList(0, firstUtterance).stream().filter("resumed"::equals).count();
        assertThat(resumesBeforeEnd).isEqualTo(pausesBeforeEnd - 1);
    }

    @Test
    void aNormalEndFiresPausedOnceThenTheUtterance() throws IOException {
        RecordingListener events = run(SPECULATIVE, "hebrew-two-sentences-noisy.wav");

        // The second sentence has no in-sentence pause: paused once at its end, then the utterance.
        int firstUtterance = events.order.indexOf("utterance");
        int secondUtterance = events.order.lastIndexOf("utterance");
        assertThat(events.utterances).hasSize(2);
        assertThat(events.order.subList(firstUtterance + 1, secondUtterance + 1)).containsExactly("paused", "utterance");
        DetectedUtterance soFar = events.paused.getLast();
        DetectedUtterance last = events.utterances.getLast();
        assertThat(soFar.endMs()).isCloseTo(SECOND_SENTENCE_END, within(TOLERANCE_MS));
        // What was published early is exactly what the end confirms.
        assertThat(soFar).isEqualTo(last);
    }

    @Test
    void thePausedAudioHasTheShapeOfAFinalUtterancePreRollIncluded() throws IOException {
        short[] all = EndpointerOnRecordedHebrewSpeechTest.fixture("hebrew-two-sentences-noisy.wav");
        RecordingListener events = RecordingListener.feed(Endpointer.create(SPECULATIVE), all, 8000, 160, 0);

        assertThat(events.paused).isNotEmpty().allSatisfy(soFar -> {
            int from = (int) ((soFar.startMs() - 200) * 8);
            int to = (int) ((soFar.endMs() + 200) * 8);
            assertThat(soFar.samples()).isEqualTo(Arrays.copyOfRange(all, from, to));
        });
    }

    @Test
    void theFinalUtterancesAreTheSameWithOrWithoutSpeculativePauses() throws IOException {
        RecordingListener withPauses = run(SPECULATIVE, "hebrew-two-sentences-noisy.wav");
        RecordingListener without = run(SPECULATIVE.withSpeculativeSilence(Duration.ZERO), "hebrew-two-sentences-noisy.wav");

        assertThat(withPauses.utterances).isEqualTo(without.utterances);
        assertThat(withPauses.discards).isEqualTo(without.discards);
        assertThat(withPauses.sustained).isEqualTo(without.sustained);
    }

    @Test
    void zeroOrASpeculativeSilenceAtLeastTheEndSilenceSwitchesPausesOff() throws IOException {
        for (EndpointerConfig off : new EndpointerConfig[] {SPECULATIVE.withSpeculativeSilence(Duration.ZERO),
                SPECULATIVE.withSpeculativeSilence(Duration.ofMillis(600)),
                SPECULATIVE.withSpeculativeSilence(Duration.ofMillis(900))}) {
            RecordingListener events = run(off, "hebrew-two-sentences-noisy.wav");

            assertThat(events.paused).as("%s", off).isEmpty();
            assertThat(events.resumed).isEmpty();
            assertThat(events.utterances).hasSize(2);
            assertThat(off.speculativeTurnsEnabled()).isFalse();
        }
        // The same recording does pause the endpointer when the speculative silence is on.
        assertThat(run(SPECULATIVE, "hebrew-two-sentences-noisy.wav").paused).isNotEmpty();
    }

    @Test
    void aClickTooShortToBeSpeechNeverFiresAPause() throws IOException {
        RecordingListener events = run(SPECULATIVE, "hebrew-two-sentences-noisy.wav");

        assertThat(events.paused).noneMatch(p -> p.startMs() > SECOND_SENTENCE_END + TOLERANCE_MS);
    }

    @Test
    void speculativeSilenceDefaultsToFourHundredFiftyMillisecondsAndRejectsNegativeValues() {
        assertThat(EndpointerConfig.defaults().speculativeSilence()).isEqualTo(Duration.ofMillis(450));
        assertThatThrownBy(() -> EndpointerConfig.defaults().withSpeculativeSilence(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("speculativeSilence must be >= 0 (0 = off), was PT-0.001S");
        assertThatThrownBy(() -> EndpointerConfig.defaults().withSpeculativeSilence(null))
                .isInstanceOf(NullPointerException.class).hasMessage("speculativeSilence must not be null");
    }

    private static RecordingListener run(EndpointerConfig config, String name) throws IOException {
        return RecordingListener.feed(Endpointer.create(config),
                EndpointerOnRecordedHebrewSpeechTest.fixture(name), 8000, 160, 0);
    }
}
