package com.voiceagent.audio;

import static com.voiceagent.audio.Signals.db;
import static com.voiceagent.audio.Signals.rms;
import static com.voiceagent.audio.Signals.tone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"22050, 8000", "24000, 8000", "8000, 16000", "16000, 8000", "44100, 8000", "8001, 8000"})
    void aOneKilohertzToneKeepsItsLevelWithinHalfADecibel(int from, int to) {
        short[] in = tone(1000, from, 1.0, 0.5);
        short[] out = Resampler.of(from, to).resample(in);
        assertThat(db(rms(out, 0.1) / rms(in, 0.1))).isCloseTo(0.0, within(0.5));
    }

    @Test
    void aOneKilohertzToneKeepsItsFrequency() {
        short[] out = Resampler.of(22050, 8000).resample(tone(1000, 22050, 1.0, 0.5));
        // A pure 1 kHz tone at 8 kHz is (almost exactly) the same tone synthesised at 8 kHz.
        short[] expected = tone(1000, 8000, 1.0, 0.5);
        assertThat(db(rms(difference(out, expected), 0.1) / rms(expected, 0.1))).isLessThan(-40);
    }

    @ParameterizedTest(name = "{0} Hz -> 8000 Hz")
    @CsvSource({"22050", "24000", "16000"})
    void aFiveKilohertzToneAboveTheNewNyquistIsSuppressedByAtLeast40Decibels(int from) {
        short[] in = tone(5000, from, 1.0, 0.5);
        short[] out = Resampler.of(from, 8000).resample(in);
        assertThat(db(rms(out, 0.1) / rms(in, 0.1))).isLessThan(-40);
    }

    @ParameterizedTest(name = "{0} Hz")
    @CsvSource({"4200", "4400", "6000", "8000", "10000"})
    void theWholeStopBandAboveTheNewNyquistIsAtLeast50DecibelsDown(int hz) {
        short[] in = tone(hz, 22050, 1.0, 0.9);
        short[] out = Resampler.of(22050, 8000).resample(in);
        assertThat(db(rms(out, 0.1) / rms(in, 0.1))).isLessThan(-50);
    }

    @Test
    void upAndDownAgainKeepsAOneKilohertzTone() {
        short[] original = tone(1000, 8000, 1.0, 0.5);
        short[] roundTrip = Resampler.of(16000, 8000).resample(Resampler.of(8000, 16000).resample(original));
        assertThat(roundTrip).hasSameSizeAs(original);
        assertThat(db(rms(difference(roundTrip, original), 0.1) / rms(original, 0.1))).isLessThan(-40);
    }

    @ParameterizedTest(name = "{2} samples {0} Hz -> {1} Hz")
    @CsvSource({"22050, 8000, 22050", "22050, 8000, 1234", "24000, 8000, 7", "8000, 16000, 160",
            "8000, 16000, 1", "16000, 8000, 1", "44100, 16000, 99999", "8001, 8000, 12345", "8000, 8000, 10"})
    void outputLengthIsTheInputDurationAtTheNewRate(int from, int to, int inLength) {
        short[] out = Resampler.of(from, to).resample(new short[inLength]);
        long expected = Math.round(inLength * (double) to / from);
        assertThat((long) out.length).isCloseTo(expected, within(1L));
    }

    @Test
    void aConstantLevelStaysTheSameLevel() {
        short[] dc = new short[8000];
        java.util.Arrays.fill(dc, (short) 1000);
        short[] out = Resampler.of(8000, 16000).resample(dc);
        for (int i = 1000; i < out.length - 1000; i++) {
            assertThat((int) out[i]).isCloseTo(1000, within(1));
        }
    }

    @Test
    void fullScaleInputIsClippedNotWrappedAround() {
        short[] square = new short[2000];
        for (int i = 0; i < square.length; i++) {
            square[i] = (i / 200) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE; // overshoots when band-limited
        }
        short[] out = Resampler.of(8000, 16000).resample(square);
        for (int i = 100; i < 300; i++) { // input samples 50..150: the first high half-period
            assertThat(out[i]).isGreaterThan((short) 20000); // first half period stays high: no wrap to negative
        }
    }

    @Test
    void theSameRateReturnsACopy() {
        short[] in = {1, 2, 3};
        short[] out = Resampler.of(8000, 8000).resample(in);
        assertThat(out).containsExactly(1, 2, 3).isNotSameAs(in);
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertThat(Resampler.of(22050, 8000).resample(new short[0])).isEmpty();
    }

    @Test
    void invalidArgumentsAreRejectedWithExactMessages() {
        assertThatThrownBy(() -> Resampler.of(0, 8000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fromRate must be > 0, was 0");
        assertThatThrownBy(() -> Resampler.of(8000, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("toRate must be > 0, was -1");
        assertThatThrownBy(() -> Resampler.of(8000, 16000).resample(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("in must not be null");
    }

    private static short[] difference(short[] a, short[] b) {
        short[] diff = new short[Math.min(a.length, b.length)];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = (short) (a[i] - b[i]);
        }
        return diff;
    }
}
