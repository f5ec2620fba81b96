package com.voiceagent.audio;

import java.util.Objects;

/** Converts between 16-bit signed little-endian PCM bytes (WAV, whisper.cpp, Google LINEAR16) and samples. */
public final class Pcm16 {

    private Pcm16() {
    }

    /** Reads little-endian 16-bit samples; the byte count must be even (a half sample means corrupt input). */
    public static short[] fromBytes(byte[] littleEndian) {
        Objects.requireNonNull(littleEndian, "littleEndian must not be null");
        if (littleEndian.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "littleEndian length must be even (2 bytes per sample), was " + littleEndian.length);
        }
        short[] samples = new short[littleEndian.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((littleEndian[2 * i] & 0xFF) | (littleEndian[2 * i + 1] << 8));
        }
        return samples;
    }

    /** Writes samples as little-endian 16-bit PCM. */
    public static byte[] toBytes(short[] samples) {
        Objects.requireNonNull(samples, "samples must not be null");
        byte[] bytes = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return bytes;
    }
}
