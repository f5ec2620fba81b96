package com.voiceagent.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * The interesting parts of a WAV file: its format and the raw bytes of its {@code data} chunk.
 *
 * <p>{@code format} is the WAVE format tag with WAVE_FORMAT_EXTENSIBLE already resolved to its sub-format,
 * so callers only ever see {@link #PCM}, {@link #MU_LAW} and friends. The {@code data} array is not copied
 * (audio can be large); treat it as read-only.
 */
public record WavAudio(int format, int sampleRate, int channels, int bitsPerSample, byte[] data) {

    /** Integer PCM (8-bit unsigned or 16-bit signed little-endian here). */
    public static final int PCM = 1;
    /** ITU-T G.711 A-law: recognised so the error can name it, not decoded. */
    public static final int A_LAW = 6;
    /** ITU-T G.711 mu-law, 8 bits per sample. */
    public static final int MU_LAW = 7;
    /** The tag of WAVE_FORMAT_EXTENSIBLE files; {@link Wav#read} replaces it with the sub-format. */
    public static final int EXTENSIBLE = 0xFFFE;

    public WavAudio {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be > 0, was " + sampleRate);
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be > 0, was " + channels);
        }
        if (bitsPerSample <= 0) {
            throw new IllegalArgumentException("bitsPerSample must be > 0, was " + bitsPerSample);
        }
        Objects.requireNonNull(data, "data must not be null");
    }

    /** Number of sample frames (one sample per channel each); a trailing partial frame is ignored. */
    public int frameCount() {
        return data.length / bytesPerFrame();
    }

    /** Duration in milliseconds, from the frame count. */
    public long durationMs() {
        return frameCount() * 1000L / sampleRate;
    }

    /**
     * Decodes to 16-bit mono samples at the file's own rate: 16-bit PCM, 8-bit unsigned PCM and mu-law are
     * supported; several channels are averaged (phone audio is mono, so a stereo file is simply downmixed).
     *
     * @throws WavFormatException for any other encoding, naming it
     */
    public short[] toMonoPcm16() {
        int frames = frameCount();
        short[] mono = new short[frames];
        int bytesPerSample = bitsPerSample / 8;
        for (int frame = 0; frame < frames; frame++) {
            int sum = 0;
            int offset = frame * channels * bytesPerSample;
            for (int channel = 0; channel < channels; channel++) {
                sum += sampleAt(offset + channel * bytesPerSample);
            }
            mono[frame] = (short) (sum / channels);
        }
        return mono;
    }

    private int bytesPerFrame() {
        return Math.max(1, channels * Math.max(1, bitsPerSample / 8));
    }

    private int sampleAt(int offset) {
        if (format == MU_LAW && bitsPerSample == 8) {
            return MuLaw.decode(data[offset]);
        }
        if (format == PCM && bitsPerSample == 16) {
            return (short) ((data[offset] & 0xFF) | (data[offset + 1] << 8));
        }
        if (format == PCM && bitsPerSample == 8) {
            return ((data[offset] & 0xFF) - 128) << 8; // 8-bit WAV PCM is unsigned, centred on 128
        }
        throw new WavFormatException("Unsupported WAV encoding: format " + format + " ("
                + formatName(format) + ") with " + bitsPerSample
                + " bits per sample; supported: 16-bit PCM, 8-bit PCM, 8-bit mu-law");
    }

    static String formatName(int format) {
        return switch (format) {
            case PCM -> "PCM";
            case 3 -> "IEEE float";
            case A_LAW -> "A-law";
            case MU_LAW -> "mu-law";
            case EXTENSIBLE -> "extensible";
            default -> "unknown";
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WavAudio that
                && format == that.format
                && sampleRate == that.sampleRate
                && channels == that.channels
                && bitsPerSample == that.bitsPerSample
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, sampleRate, channels, bitsPerSample, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "WavAudio[format=" + format + " (" + formatName(format) + "), sampleRate=" + sampleRate
                + ", channels=" + channels + ", bitsPerSample=" + bitsPerSample + ", data=" + data.length
                + " bytes]";
    }
}
