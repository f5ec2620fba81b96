package com.voiceagent.audio;

import java.util.Objects;

/**
 * Converts 16-bit mono audio between sample rates, e.g. espeak-ng's 22,050 Hz or Google's 24,000 Hz down to
 * the phone's 8,000 Hz, or 8,000 Hz up to whisper.cpp's 16,000 Hz.
 *
 * <p>Band-limited interpolation with a Kaiser-windowed sinc: the low-pass sits a little under half the lower
 * of the two rates, so content the new rate cannot carry is removed instead of folding back as audible
 * aliasing. The filter is precomputed once per rate pair as a polyphase table (one set of taps per output
 * phase), so resampling is only multiply-adds. Instances are immutable and thread-safe; keep one per rate
 * pair.
 */
public final class Resampler {

    /** Pass band ends at this fraction of the lower Nyquist frequency... */
    private static final double CUTOFF_FRACTION = 0.9;
    /** ...and the stop band starts at the lower Nyquist frequency itself (the filter's transition band). */
    private static final double STOP_BAND_FRACTION = 1.0;
    /** Target stop-band attenuation; drives both the Kaiser beta and the number of taps. */
    private static final double STOP_BAND_DB = 70.0;
    /**
     * Exact polyphase tables need one row per output phase (toRate / gcd). Odd rate pairs (e.g. 8001 to
     * 8000) would need thousands of rows, so beyond this we round to the nearest of this many phases; the
     * timing error, at most 1/(2 * 2048) of a sample, stays below the stop-band level.
     */
    private static final int MAX_PHASES = 2048;

    private final int fromRate;
    private final int toRate;
    /** Input step per output sample is step/phases: output n sits at input position n * step / phases. */
    private final long step;
    private final int phases;
    private final int halfTaps;
    /** taps[phase][k] weighs input sample (floor(position) - halfTaps + 1 + k). */
    private final float[][] taps;

    private Resampler(int fromRate, int toRate) {
        this.fromRate = fromRate;
        this.toRate = toRate;
        int gcd = gcd(fromRate, toRate);
        int exactPhases = toRate / gcd;
        if (exactPhases <= MAX_PHASES) {
            this.phases = exactPhases;
            this.step = fromRate / gcd;
        } else {
            this.phases = MAX_PHASES;
            this.step = -1; // positions are computed with rounding instead, see positionOf
        }
        double lowerNyquist = Math.min(fromRate, toRate) / 2.0;
        double cutoff = (CUTOFF_FRACTION + STOP_BAND_FRACTION) / 2 * lowerNyquist / fromRate; // cycles/sample
        double transition = (STOP_BAND_FRACTION - CUTOFF_FRACTION) * lowerNyquist / fromRate;
        // Kaiser's design formulas: length for the attenuation over the transition width, and beta.
        int length = (int) Math.ceil((STOP_BAND_DB - 7.95) / (14.36 * transition)) + 1;
        this.halfTaps = Math.max(2, (length + 1) / 2);
        double beta = 0.1102 * (STOP_BAND_DB - 8.7);
        this.taps = buildTaps(phases, halfTaps, cutoff, beta);
    }

    /**
     * A resampler from one rate to another.
     *
     * @throws IllegalArgumentException if a rate is not positive
     */
    public static Resampler of(int fromRate, int toRate) {
        if (fromRate <= 0) {
            throw new IllegalArgumentException("fromRate must be > 0, was " + fromRate);
        }
        if (toRate <= 0) {
            throw new IllegalArgumentException("toRate must be > 0, was " + toRate);
        }
        return new Resampler(fromRate, toRate);
    }

    public int fromRate() {
        return fromRate;
    }

    public int toRate() {
        return toRate;
    }

    /**
     * Resamples a whole buffer. The output has round(in.length * toRate / fromRate) samples and is aligned
     * with the input (the filter is centred, so there is no delay); audio beyond the edges counts as silence.
     */
    public short[] resample(short[] in) {
        Objects.requireNonNull(in, "in must not be null");
        if (fromRate == toRate) {
            return in.clone();
        }
        int outLength = (int) ((in.length * (long) toRate + fromRate / 2) / fromRate);
        // Silence on both sides lets every output use all its taps without bounds checks in the inner loop.
        int margin = 2 * halfTaps;
        float[] padded = new float[in.length + 2 * margin];
        for (int i = 0; i < in.length; i++) {
            padded[margin + i] = in[i];
        }
        short[] out = new short[outLength];
        for (int n = 0; n < outLength; n++) {
            long scaled = step > 0 ? n * step : Math.round(n * (double) fromRate / toRate * phases);
            int base = (int) (scaled / phases);
            int phase = (int) (scaled % phases);
            out[n] = clip(convolve(padded, margin + base - halfTaps + 1, taps[phase]));
        }
        return out;
    }

    /** Dot product; four running sums let the CPU overlap the additions. */
    private static float convolve(float[] in, int offset, float[] weights) {
        float sum0 = 0;
        float sum1 = 0;
        float sum2 = 0;
        float sum3 = 0;
        int k = 0;
        for (; k + 3 < weights.length; k += 4) {
            sum0 += weights[k] * in[offset + k];
            sum1 += weights[k + 1] * in[offset + k + 1];
            sum2 += weights[k + 2] * in[offset + k + 2];
            sum3 += weights[k + 3] * in[offset + k + 3];
        }
        for (; k < weights.length; k++) {
            sum0 += weights[k] * in[offset + k];
        }
        return (sum0 + sum1) + (sum2 + sum3);
    }

    private static short clip(double value) {
        long rounded = Math.round(value);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
    }

    private static float[][] buildTaps(int phases, int halfTaps, double cutoff, double beta) {
        float[][] table = new float[phases][2 * halfTaps];
        double besselBeta = besselI0(beta);
        for (int phase = 0; phase < phases; phase++) {
            double fraction = (double) phase / phases;
            double[] weights = new double[2 * halfTaps];
            double sum = 0;
            for (int k = 0; k < weights.length; k++) {
                double distance = (k - halfTaps + 1) - fraction; // input sample time minus output time
                double sinc = distance == 0 ? 1 : Math.sin(2 * Math.PI * cutoff * distance)
                        / (2 * Math.PI * cutoff * distance);
                double windowPosition = distance / halfTaps;
                double window = Math.abs(windowPosition) >= 1 ? 0
                        : besselI0(beta * Math.sqrt(1 - windowPosition * windowPosition)) / besselBeta;
                weights[k] = 2 * cutoff * sinc * window;
                sum += weights[k];
            }
            for (int k = 0; k < weights.length; k++) {
                // Normalising each phase to unit DC gain keeps loudness identical whatever the phase.
                table[phase][k] = (float) (weights[k] / sum);
            }
        }
        return table;
    }

    /** Modified Bessel function of the first kind, order 0 (the Kaiser window's shape), by its series. */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double halfX = x / 2;
        for (int k = 1; k < 50; k++) {
            term *= (halfX / k) * (halfX / k);
            sum += term;
            if (term < sum * 1e-12) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    public String toString() {
        return "Resampler[" + fromRate + " Hz -> " + toRate + " Hz, " + 2 * halfTaps + " taps x " + phases
                + " phases]";
    }
}
