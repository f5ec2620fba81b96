package com.voiceagent.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * One stretch of caller speech found by an {@link Endpointer}.
 *
 * <p>{@code startMs} is the stream time speech began and {@code endMs} the stream time it stopped (for a cut
 * utterance: the cut). {@code samples} is slightly wider than that on purpose: it starts up to
 * {@link EndpointerConfig#preRoll()} before {@code startMs} and runs up to the same amount past {@code endMs},
 * because speech recognisers miss soft word onsets and endings when the audio is clipped tight.
 *
 * @param samples         16-bit mono samples at the endpointer's sample rate (not copied; read-only)
 * @param startMs         stream time of speech onset, in milliseconds
 * @param endMs           stream time of the end of speech (or of the cut), in milliseconds
 * @param cutAtMaxLength  true when speech went on past {@link EndpointerConfig#maxUtterance()} and was cut;
 *                        the rest of the speech arrives as the next utterance
 * @param audioStartMs    stream time of the first of {@code samples} (the pre-roll's start): where the audio
 *                        sits on the stream's clock
 */
public record DetectedUtterance(short[] samples, long startMs, long endMs, boolean cutAtMaxLength, long audioStartMs) {

    public DetectedUtterance {
        Objects.requireNonNull(samples, "samples must not be null");
        if (endMs < startMs) {
            throw new IllegalArgumentException("endMs must be >= startMs (" + startMs + "), was " + endMs);
        }
        if (audioStartMs > startMs) {
            throw new IllegalArgumentException("audioStartMs must be <= startMs (" + startMs + "), was " + audioStartMs);
        }
    }

    /** Speech whose samples start at its onset (no pre-roll). */
    public DetectedUtterance(short[] samples, long startMs, long endMs, boolean cutAtMaxLength) {
        this(samples, startMs, endMs, cutAtMaxLength, startMs);
    }

    /** Length of the speech itself, endMs - startMs. */
    public long speechMs() {
        return endMs - startMs;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DetectedUtterance that
                && startMs == that.startMs
                && endMs == that.endMs
                && cutAtMaxLength == that.cutAtMaxLength
                && audioStartMs == that.audioStartMs
                && Arrays.equals(samples, that.samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(startMs, endMs, cutAtMaxLength, audioStartMs, Arrays.hashCode(samples));
    }

    @Override
    public String toString() {
        return "DetectedUtterance[startMs=" + startMs + ", endMs=" + endMs + ", cutAtMaxLength="
                + cutAtMaxLength + ", audioStartMs=" + audioStartMs + ", samples=" + samples.length + "]";
    }
}
