package com.voiceagent.audio;

import static com.voiceagent.audio.Signals.concat;
import static com.voiceagent.audio.Signals.noise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Endpointer rules on synthetic audio, where every level and time is known exactly. */
class EndpointerBehaviourTest {

    private static final int RATE = 8000;
    private static final EndpointerConfig DEFAULTS = EndpointerConfig.defaults();

    @Test
    void tenMinutesOfBackgroundNoiseNeverGrowTheBuffersOrMakeAnUtterance() {
        EnergyEndpointer endpointer = new EnergyEndpointer(DEFAULTS);
        RecordingListener listener = new RecordingListener();
        int preRollSamples = 200 * RATE / 1000;
        int maxHeld = 0;
        for (int second = 0; second < 600; second++) {
            short[] oneSecond = noise(RATE, -45, second);
            for (int offset = 0; offset < RATE; offset += 160) {
                endpointer.accept(java.util.Arrays.copyOfRange(oneSecond, offset, offset + 160),
                        second * 1000L + offset / 8, listener);
                maxHeld = Math.max(maxHeld, endpointer.bufferedSampleCount());
            }
        }
        assertThat(listener.utterances).isEmpty();
        assertThat(maxHeld).isLessThanOrEqualTo(preRollSamples + EnergyEndpointer.ONSET_FRAMES * 160);
    }

    @Test
    void tenMinutesOfNonStopSpeechStayWithinPreRollPlusMaxUtterance() {
        EnergyEndpointer endpointer = new EnergyEndpointer(DEFAULTS);
        RecordingListener listener = new RecordingListener();
        short[] speechLike = syllables(60, 0.3);
        int maxHeld = 0;
        for (int minute = 0; minute < 10; minute++) {
            for (int offset = 0; offset < speechLike.length; offset += 160) {
                endpointer.accept(java.util.Arrays.copyOfRange(speechLike, offset, offset + 160),
                        minute * 60_000L + offset / 8, listener);
                maxHeld = Math.max(maxHeld, endpointer.bufferedSampleCount());
            }
        }
        int bound = (200 + 8000) * RATE / 1000;
        assertThat(maxHeld).isLessThanOrEqualTo(bound);
        assertThat(listener.utterances).hasSizeGreaterThanOrEqualTo(74) // 600 s / 8 s, each one cut
                .allSatisfy(u -> assertThat(u.samples().length).isLessThanOrEqualTo(bound));
        assertThat(listener.utterances.subList(0, 74)).allMatch(DetectedUtterance::cutAtMaxLength);
    }

    @Test
    void anUtterancesBufferGrowsAsSpeechGoesOnAndIsLetGoWhenItEnds() {
        EnergyEndpointer endpointer = new EnergyEndpointer(DEFAULTS);
        RecordingListener listener = new RecordingListener();
        short[] audio = concat(noise(8000, -55, 1), syllables(5.0, 0.3), noise(8000, -55, 2));
        int smallestWhileSpeaking = Integer.MAX_VALUE;
        int largest = 0;
        for (int offset = 0; offset < audio.length; offset += 160) {
            endpointer.accept(java.util.Arrays.copyOfRange(audio, offset, offset + 160), offset / 8, listener);
            if (endpointer.inSpeech()) {
                smallestWhileSpeaking = Math.min(smallestWhileSpeaking, endpointer.utteranceCapacity());
                largest = Math.max(largest, endpointer.utteranceCapacity());
            }
        }
        assertThat(listener.utterances).hasSize(1);
        assertThat(smallestWhileSpeaking).as("room at the start of speech").isLessThanOrEqualTo(
                (200 + EnergyEndpointer.INITIAL_UTTERANCE_MS + 100) * RATE / 1000);
        assertThat(largest).as("room for 5 s of speech, not the 8 s maximum").isLessThan((200 + 8000) * RATE / 1000)
                .isGreaterThanOrEqualTo(listener.utterances.getFirst().samples().length);
        assertThat(endpointer.utteranceCapacity()).as("a listening call keeps no utterance buffer").isZero();
    }

    @Test
    void anUtterancesAudioStartsAtAudioStartMsOnTheStreamClockPreRollIncluded() {
        short[] audio = concat(noise(8000, -55, 1), syllables(1.0, 0.3), noise(8000, -55, 2));

        RecordingListener events = RecordingListener.feed(Endpointer.create(DEFAULTS), audio, RATE, 160, 0);

        assertThat(events.utterances).singleElement().satisfies(u -> {
            assertThat(u.audioStartMs()).as("the pre-roll before the onset").isEqualTo(u.startMs() - 200);
            int first = (int) u.audioStartMs() * RATE / 1000;
            assertThat(u.samples()).containsExactly(java.util.Arrays.copyOfRange(audio, first, first + u.samples().length));
        });
    }

    @Test
    void speechShorterThanMinSpeechIsDiscardedWithAReason() {
        short[] audio = concat(noise(8000, -55, 1), syllables(0.12, 0.3), noise(8000, -55, 2));

        RecordingListener events = RecordingListener.feed(Endpointer.create(DEFAULTS), audio, RATE, 160, 0);

        assertThat(events.utterances).isEmpty();
        assertThat(events.discards).singleElement().satisfies(discard -> {
            assertThat(discard.startMs()).isCloseTo(1000L, within(20L));
            assertThat(discard.reason()).contains("minSpeech is 200 ms");
        });
    }

    @Test
    void aSingleLoudFrameNeverStartsSpeech() {
        short[] audio = concat(noise(8000, -55, 1), Signals.tone(1000, RATE, 0.02, 0.5), noise(8000, -55, 2));

        RecordingListener events = RecordingListener.feed(Endpointer.create(DEFAULTS), audio, RATE, 160, 0);

        assertThat(events.starts).isEmpty();
        assertThat(events.discards).singleElement().satisfies(discard ->
                assertThat(discard.reason()).contains("speech needs 60 ms in a row"));
    }

    @Test
    void theMinSpeechSettingIsHonoured() {
        short[] audio = concat(noise(8000, -55, 1), syllables(0.3, 0.3), noise(8000, -55, 2));

        assertThat(RecordingListener.feed(Endpointer.create(DEFAULTS), audio, RATE, 160, 0).utterances).hasSize(1);
        assertThat(RecordingListener.feed(Endpointer.create(DEFAULTS.withMinSpeech(Duration.ofMillis(400))),
                audio, RATE, 160, 0).utterances).isEmpty();
    }

    @Test
    void theMaxUtteranceSettingIsHonoured() {
        short[] audio = concat(noise(8000, -55, 1), syllables(5, 0.3), noise(8000, -55, 2));
        EndpointerConfig config = DEFAULTS.withMaxUtterance(Duration.ofSeconds(2));

        RecordingListener events = RecordingListener.feed(Endpointer.create(config), audio, RATE, 160, 0);

        assertThat(events.utterances).hasSize(3);
        assertThat(events.utterances.get(0).speechMs()).isEqualTo(2000);
        assertThat(events.utterances.get(1).speechMs()).isEqualTo(2000);
        assertThat(events.utterances.get(2).cutAtMaxLength()).isFalse();
        assertThat(events.starts).hasSize(3);
        assertThat(events.sustained).hasSize(1);
    }

    @Test
    void theSustainedSpeechSettingIsHonoured() {
        short[] audio = concat(noise(8000, -55, 1), syllables(2, 0.3), noise(8000, -55, 2));
        EndpointerConfig config = DEFAULTS.withSustainedSpeech(Duration.ofMillis(1000));

        RecordingListener events = RecordingListener.feed(Endpointer.create(config), audio, RATE, 160, 0);

        assertThat(events.sustained).singleElement()
                .satisfies(t -> assertThat(t - events.starts.getFirst()).isBetween(1000L, 1060L));
    }

    @Test
    void theNoiseFloorAdaptsToALoudLine() {
        // A noisy line at -30 dBFS: constant noise is not speech, speech 15 dB above it still is.
        short[] line = noise(RATE * 8, -30, 7);
        short[] speech = Signals.add(line, concat(new short[RATE * 3], syllables(1.5, 0.18)));

        RecordingListener events = RecordingListener.feed(Endpointer.create(DEFAULTS), speech, RATE, 160, 0);

        assertThat(events.utterances).singleElement().satisfies(u -> {
            assertThat(u.startMs()).isCloseTo(3000L, within(60L));
            assertThat(u.endMs()).isCloseTo(4500L, within(150L));
        });
    }

    @Test
    void backgroundNoiseThatSwellsAndFadesBySevenDecibelsIsNotSpeech() {
        // Traffic or air conditioning is not steady: its level wanders. The onset margin must ride over that.
        short[] audio = noise(RATE * 20, -44, 5);
        for (int i = 0; i < audio.length; i++) {
            double swellDb = 3.5 * Math.sin(2 * Math.PI * 0.7 * i / RATE);
            audio[i] = (short) Math.round(audio[i] * Math.pow(10, swellDb / 20));
        }

        RecordingListener events = RecordingListener.feed(Endpointer.create(DEFAULTS), audio, RATE, 160, 0);

        assertThat(events.starts).isEmpty();
        assertThat(events.utterances).isEmpty();
    }

    @Test
    void quietHissBelowTheAbsoluteMinimumIsNeverSpeech() {
        // Starting from digital silence the floor is -100 dBFS, yet -55 dBFS hiss must not count as speech.
        short[] audio = concat(new short[RATE], noise(RATE * 5, -55, 3));

        RecordingListener events = RecordingListener.feed(Endpointer.create(DEFAULTS), audio, RATE, 160, 0);

        assertThat(events.starts).isEmpty();
        assertThat(events.utterances).isEmpty();
    }

    @Test
    void timesAreStreamTimesFromTheCallerNotTheWallClock() {
        short[] audio = concat(noise(8000, -55, 1), syllables(1, 0.3), noise(8000, -55, 2));
        long base = 3_600_000; // one hour into the stream

        RecordingListener events = RecordingListener.feed(Endpointer.create(DEFAULTS), audio, RATE, 160, base);

        assertThat(events.utterances).singleElement().satisfies(u -> {
            assertThat(u.startMs()).isCloseTo(base + 1000, within(20L));
            assertThat(u.endMs()).isCloseTo(base + 2000, within(150L));
        });
    }

    @Test
    void otherSampleRatesUseTwentyMillisecondFrames() {
        int rate = 16000;
        short[] audio = concat(noise(rate, -55, 1), syllables(1, 0.3, rate), noise(rate, -55, 2));

        RecordingListener events = RecordingListener.feed(Endpointer.create(DEFAULTS.withSampleRate(rate)), audio,
                rate, 320, 0);

        assertThat(events.utterances).singleElement().satisfies(u -> {
            assertThat(u.startMs()).isCloseTo(1000L, within(20L));
            assertThat(u.endMs()).isCloseTo(2000L, within(150L));
        });
    }

    @Test
    void inSpeechIsTrueFromOnsetUntilTheUtteranceEnds() {
        Endpointer endpointer = Endpointer.create(DEFAULTS);
        RecordingListener listener = new RecordingListener();
        endpointer.accept(noise(8000, -55, 1), 0, listener);
        assertThat(endpointer.inSpeech()).isFalse();
        endpointer.accept(syllables(0.5, 0.3), 1000, listener);
        assertThat(endpointer.inSpeech()).isTrue();
        endpointer.accept(noise(8000, -55, 2), 1500, listener);
        assertThat(endpointer.inSpeech()).isFalse();
        assertThat(listener.utterances).hasSize(1);
    }

    @Test
    void resetForgetsAnUtteranceInProgress() {
        EnergyEndpointer endpointer = new EnergyEndpointer(DEFAULTS);
        RecordingListener listener = new RecordingListener();
        endpointer.accept(concat(noise(8000, -55, 1), syllables(0.5, 0.3)), 0, listener);
        assertThat(endpointer.inSpeech()).isTrue();

        endpointer.reset();

        assertThat(endpointer.inSpeech()).isFalse();
        assertThat(endpointer.bufferedSampleCount()).isZero();
        endpointer.accept(noise(16000, -55, 2), 2000, listener);
        assertThat(listener.utterances).isEmpty();
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheNextUtterance() {
        Endpointer endpointer = Endpointer.create(DEFAULTS);
        Endpointer.Listener failing = utterance -> {
            throw new IllegalStateException("listener bug");
        };
        short[] oneUtterance = concat(noise(8000, -55, 1), syllables(1, 0.3), noise(8000, -55, 2));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> endpointer.accept(oneUtterance, 0, failing))
                .hasMessage("listener bug");

        RecordingListener events = RecordingListener.feed(endpointer, oneUtterance, RATE, 160, 3000);

        assertThat(events.utterances).singleElement().satisfies(u ->
                assertThat(u.startMs()).isCloseTo(4000L, within(20L)));
    }

    @Test
    void argumentsAreCheckedEagerly() {
        Endpointer endpointer = Endpointer.create(DEFAULTS);
        assertThatThrownBy(() -> endpointer.accept(null, 0, new RecordingListener()))
                .isInstanceOf(NullPointerException.class).hasMessage("samples must not be null");
        assertThatThrownBy(() -> endpointer.accept(new short[1], 0, null))
                .isInstanceOf(NullPointerException.class).hasMessage("listener must not be null");
        assertThatThrownBy(() -> Endpointer.create(null))
                .isInstanceOf(NullPointerException.class).hasMessage("config must not be null");
    }

    /** Speech-like sound at 8 kHz: 150 ms "syllables" of a 300 Hz buzz with 50 ms dips, at peak amplitude. */
    static short[] syllables(double seconds, double amplitude) {
        return syllables(seconds, amplitude, RATE);
    }

    static short[] syllables(double seconds, double amplitude, int rate) {
        short[] samples = new short[(int) Math.round(seconds * rate)];
        for (int i = 0; i < samples.length; i++) {
            double t = (double) i / rate;
            double syllable = (t % 0.2) < 0.15 ? 1.0 : 0.25; // dips stay above the release margin
            double buzz = Math.sin(2 * Math.PI * 300 * t) + 0.5 * Math.sin(2 * Math.PI * 900 * t);
            samples[i] = (short) Math.round(amplitude * 32767 * syllable * buzz / 1.5);
        }
        return samples;
    }
}
