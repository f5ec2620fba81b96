package com.voiceagent.audio;

import java.util.Arrays;
import java.util.Random;

/** Test signals and measurements. */
final class Signals {

    private Signals() {
    }

    static short[] tone(double hz, int sampleRate, double seconds, double amplitude) {
        short[] samples = new short[(int) Math.round(sampleRate * seconds)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / sampleRate));
        }
        return samples;
    }

    /** Gaussian white noise with the given RMS level in dBFS, repeatable by seed. */
    static short[] noise(int length, double rmsDbfs, long seed) {
        Random random = new Random(seed);
        double rms = 32768 * Math.pow(10, rmsDbfs / 20);
        short[] samples = new short[length];
        for (int i = 0; i < length; i++) {
            samples[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE,
                    Math.round(random.nextGaussian() * rms)));
        }
        return samples;
    }

    /** RMS of the middle of the signal, skipping {@code edge} of it at each end (filter start-up). */
    static double rms(short[] samples, double edge) {
        int skip = (int) (samples.length * edge);
        double sum = 0;
        for (int i = skip; i < samples.length - skip; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / (samples.length - 2 * skip));
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    static short[] concat(short[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        short[] all = new short[length];
        int offset = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }

    static short[] add(short[] a, short[] b) {
        short[] sum = new short[Math.max(a.length, b.length)];
        for (int i = 0; i < sum.length; i++) {
            int value = (i < a.length ? a[i] : 0) + (i < b.length ? b[i] : 0);
            sum[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value));
        }
        return sum;
    }
}
