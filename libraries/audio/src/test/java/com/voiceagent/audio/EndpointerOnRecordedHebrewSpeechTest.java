package com.voiceagent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The endpointer on Hebrew speech (espeak-ng) with white noise, pauses and a click; positions come from how
 * the fixtures were built (see src/test/resources/audio/README.md).
 */
class EndpointerOnRecordedHebrewSpeechTest {

    private static final long TOLERANCE_MS = 150;

    // hebrew-two-sentences-noisy.wav
    private static final long FIRST_SENTENCE_START = 1000;
    private static final long IN_SENTENCE_PAUSE_START = 3047;
    private static final long IN_SENTENCE_PAUSE_END = 3347;
    private static final long FIRST_SENTENCE_END = 4169;
    private static final long SECOND_SENTENCE_START = 5369;
    private static final long SECOND_SENTENCE_END = 7078;
    private static final long CLICK_START = 8078;
    private static final long CLICK_END = 8118;
    // hebrew-long-speech-noisy.wav
    private static final long LONG_SPEECH_START = 500;
    private static final long LONG_SPEECH_END = 12195;
    // hebrew-question.wav
    private static final long QUESTION_START = 500;
    private static final long QUESTION_END = 2528;

    private static final EndpointerConfig DEFAULTS = EndpointerConfig.defaults();

    @Test
    void twoSentencesSeparatedByASecondOfSilenceAreTwoUtterancesWithTheirBoundaries() throws IOException {
        RecordingListener events = run(DEFAULTS, "hebrew-two-sentences-noisy.wav", 160);

        assertThat(events.utterances).hasSize(2);
        assertBoundaries(events.utterances.get(0), FIRST_SENTENCE_START, FIRST_SENTENCE_END);
        assertBoundaries(events.utterances.get(1), SECOND_SENTENCE_START, SECOND_SENTENCE_END);
        assertThat(events.utterances).noneMatch(DetectedUtterance::cutAtMaxLength);
    }

    @Test
    void aShortPauseInsideASentenceDoesNotSplitIt() throws IOException {
        RecordingListener events = run(DEFAULTS, "hebrew-two-sentences-noisy.wav", 160);

        DetectedUtterance first = events.utterances.getFirst();
        assertThat(first.startMs()).isLessThan(IN_SENTENCE_PAUSE_START);
        assertThat(first.endMs()).isGreaterThan(IN_SENTENCE_PAUSE_END);
    }

    @Test
    void aFortyMillisecondClickIsDiscardedNotEmitted() throws IOException {
        RecordingListener events = run(DEFAULTS, "hebrew-two-sentences-noisy.wav", 160);

        assertThat(events.discards).anySatisfy(discard -> {
            assertThat(discard.startMs()).isCloseTo(CLICK_START, within(TOLERANCE_MS));
            assertThat(discard.endMs()).isCloseTo(CLICK_END, within(TOLERANCE_MS));
        });
        assertThat(events.utterances).noneMatch(u -> u.endMs() >= CLICK_START - TOLERANCE_MS
                && u.startMs() <= CLICK_END + TOLERANCE_MS);
    }

    @Test
    void speechSustainedFiresOncePerUtteranceAfterAQuarterSecond() throws IOException {
        RecordingListener events = run(DEFAULTS, "hebrew-two-sentences-noisy.wav", 160);

        assertThat(events.sustained).hasSize(2);
        for (int i = 0; i < 2; i++) {
            long sinceStart = events.sustained.get(i) - events.utterances.get(i).startMs();
            assertThat(sinceStart).isBetween(250L, 250L + 3 * EnergyEndpointer.FRAME_MS);
        }
    }

    @Test
    void aShorterEndSilenceSplitsTheSentenceAtItsPause() throws IOException {
        RecordingListener events = run(DEFAULTS.withEndSilence(Duration.ofMillis(200)),
                "hebrew-two-sentences-noisy.wav", 160);

        assertThat(events.utterances).hasSize(3);
        assertBoundaries(events.utterances.get(0), FIRST_SENTENCE_START, IN_SENTENCE_PAUSE_START);
        assertBoundaries(events.utterances.get(1), IN_SENTENCE_PAUSE_END, FIRST_SENTENCE_END);
        assertBoundaries(events.utterances.get(2), SECOND_SENTENCE_START, SECOND_SENTENCE_END);
    }

    @Test
    void aLongerEndSilenceJoinsBothSentencesIntoOneUtterance() throws IOException {
        EndpointerConfig patient = DEFAULTS.withEndSilence(Duration.ofMillis(1300))
                .withMaxUtterance(Duration.ofSeconds(12));
        RecordingListener events = run(patient, "hebrew-two-sentences-noisy.wav", 160);

        assertThat(events.utterances).hasSize(1);
        assertThat(events.utterances.getFirst().startMs()).isCloseTo(FIRST_SENTENCE_START, within(TOLERANCE_MS));
        assertThat(events.utterances.getFirst().endMs()).isGreaterThan(SECOND_SENTENCE_END - TOLERANCE_MS);
    }

    @Test
    void elevenSecondsOfContinuousSpeechIsCutAtEightSecondsAndTheRestFollows() throws IOException {
        RecordingListener events = run(DEFAULTS, "hebrew-long-speech-noisy.wav", 160);

        assertThat(events.utterances).hasSize(2);
        DetectedUtterance cut = events.utterances.get(0);
        assertThat(cut.cutAtMaxLength()).isTrue();
        assertThat(cut.startMs()).isCloseTo(LONG_SPEECH_START, within(TOLERANCE_MS));
        assertThat(cut.speechMs()).isCloseTo(8000L, within((long) EnergyEndpointer.FRAME_MS));
        DetectedUtterance rest = events.utterances.get(1);
        assertThat(rest.cutAtMaxLength()).isFalse();
        assertThat(rest.startMs()).isEqualTo(cut.endMs());
        assertThat(rest.endMs()).isCloseTo(LONG_SPEECH_END, within(TOLERANCE_MS));
        assertThat(events.sustained).as("one speech run, one barge-in signal").hasSize(1);
    }

    @Test
    void theSharedQuestionFixtureIsExactlyOneUtterance() throws IOException {
        RecordingListener events = run(DEFAULTS, "hebrew-question.wav", 160);

        assertThat(events.utterances).hasSize(1);
        assertBoundaries(events.utterances.getFirst(), QUESTION_START, QUESTION_END);
    }

    @Test
    void utteranceAudioIsTheStreamFromPreRollBeforeOnsetToPreRollAfterTheEnd() throws IOException {
        short[] all = fixture("hebrew-two-sentences-noisy.wav");
        RecordingListener events = feedAll(DEFAULTS, all, 160);

        for (DetectedUtterance utterance : events.utterances) {
            int from = (int) ((utterance.startMs() - 200) * 8);
            int to = (int) ((utterance.endMs() + 200) * 8);
            assertThat(utterance.samples()).isEqualTo(Arrays.copyOfRange(all, from, to));
        }
    }

    @ParameterizedTest(name = "chunks of {0} samples")
    @ValueSource(ints = {1, 37, 160, 400, 8000, Integer.MAX_VALUE})
    void theChunkSizeOfTheInputDoesNotChangeTheResult(int chunk) throws IOException {
        short[] all = fixture("hebrew-two-sentences-noisy.wav");
        RecordingListener reference = feedAll(DEFAULTS, all, 160);

        RecordingListener events = feedAll(DEFAULTS, all, chunk);

        // Same audio in every utterance; times may differ by 1 ms because chunk times are whole milliseconds.
        assertThat(events.utterances).hasSameSizeAs(reference.utterances);
        for (int i = 0; i < reference.utterances.size(); i++) {
            DetectedUtterance expected = reference.utterances.get(i);
            DetectedUtterance actual = events.utterances.get(i);
            assertThat(actual.samples()).isEqualTo(expected.samples());
            assertThat(actual.startMs()).isCloseTo(expected.startMs(), within(1L));
            assertThat(actual.endMs()).isCloseTo(expected.endMs(), within(1L));
        }
        assertThat(events.discards).hasSameSizeAs(reference.discards);
        assertThat(events.sustained).hasSameSizeAs(reference.sustained);
    }

    private static void assertBoundaries(DetectedUtterance utterance, long startMs, long endMs) {
        assertThat(utterance.startMs()).as("start of %s", utterance).isCloseTo(startMs, within(TOLERANCE_MS));
        assertThat(utterance.endMs()).as("end of %s", utterance).isCloseTo(endMs, within(TOLERANCE_MS));
    }

    private static RecordingListener run(EndpointerConfig config, String name, int chunk) throws IOException {
        return feedAll(config, fixture(name), chunk);
    }

    private static RecordingListener feedAll(EndpointerConfig config, short[] samples, int chunk) {
        return RecordingListener.feed(Endpointer.create(config), samples, 8000,
                Math.min(chunk, Math.max(1, samples.length)), 0);
    }

    static short[] fixture(String name) throws IOException {
        WavAudio audio = Wav.read(WavTest.resource("audio/" + name));
        assertThat(audio.sampleRate()).isEqualTo(8000);
        return audio.toMonoPcm16();
    }
}
