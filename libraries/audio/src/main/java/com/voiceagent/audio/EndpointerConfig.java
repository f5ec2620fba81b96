package com.voiceagent.audio;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link Endpointer}. Start from {@link #defaults()} (8 kHz phone audio) and change what you
 * need with the {@code with...} methods; every value is checked when the record is built.
 *
 * @param sampleRate      samples per second of the audio passed to {@link Endpointer#accept}
 * @param endSilence      how long the caller must be quiet before the utterance is over
 * @param maxUtterance    longest utterance; longer speech is cut and emitted with cutAtMaxLength
 * @param minSpeech       speech shorter than this (clicks, coughs, line noise) is discarded
 * @param preRoll         audio kept before speech onset (and after its end) so soft word edges survive
 * @param sustainedSpeech speech this long fires {@link Endpointer.Listener#speechSustained} (barge-in)
 * @param speculativeSilence a pause this long inside speech fires {@link Endpointer.Listener#speechPaused}, so a
 *                        turn can start before {@code endSilence} confirms it; zero (or {@code >= endSilence})
 *                        switches it off
 */
public record EndpointerConfig(int sampleRate, Duration endSilence, Duration maxUtterance, Duration minSpeech,
                               Duration preRoll, Duration sustainedSpeech, Duration speculativeSilence) {

    /** Twilio Media Streams audio rate. */
    public static final int PHONE_SAMPLE_RATE = 8000;
    /**
     * Default pause that starts a speculative turn. Shorter pauses start turns earlier, but callers pause that long
     * inside their questions too, and each turn taken back has cost a transcription and a dialog request: over calls
     * with natural pauses this is the shortest pause that stays within 1.2 requests per answered turn (the measured
     * trade-off is in docs/benchmarks.md, "Speculative turns").
     */
    public static final Duration DEFAULT_SPECULATIVE_SILENCE = Duration.ofMillis(450);

    /** The settings without {@code speculativeSilence} (kept for existing callers): it gets its default. */
    public EndpointerConfig(int sampleRate, Duration endSilence, Duration maxUtterance, Duration minSpeech,
                            Duration preRoll, Duration sustainedSpeech) {
        this(sampleRate, endSilence, maxUtterance, minSpeech, preRoll, sustainedSpeech, DEFAULT_SPECULATIVE_SILENCE);
    }

    public EndpointerConfig {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be > 0, was " + sampleRate);
        }
        requirePositive("endSilence", endSilence);
        requirePositive("maxUtterance", maxUtterance);
        requirePositive("minSpeech", minSpeech);
        Objects.requireNonNull(preRoll, "preRoll must not be null");
        if (preRoll.isNegative()) {
            throw new IllegalArgumentException("preRoll must be >= 0, was " + preRoll);
        }
        requirePositive("sustainedSpeech", sustainedSpeech);
        Objects.requireNonNull(speculativeSilence, "speculativeSilence must not be null");
        if (speculativeSilence.isNegative()) {
            throw new IllegalArgumentException("speculativeSilence must be >= 0 (0 = off), was " + speculativeSilence);
        }
        if (minSpeech.compareTo(maxUtterance) >= 0) {
            throw new IllegalArgumentException("minSpeech must be < maxUtterance (" + maxUtterance + "), was "
                    + minSpeech);
        }
        if (preRoll.compareTo(maxUtterance) > 0) {
            throw new IllegalArgumentException("preRoll must be <= maxUtterance (" + maxUtterance + "), was "
                    + preRoll);
        }
    }

    /**
     * 8 kHz; 600 ms of silence ends a turn (long enough for a breath mid-sentence, short enough to feel
     * responsive); 8 s cap; 200 ms minimum speech; 200 ms pre-roll; barge-in after 250 ms of speech; a
     * speculative turn after a 450 ms pause ({@link #DEFAULT_SPECULATIVE_SILENCE}).
     */
    public static EndpointerConfig defaults() {
        return new EndpointerConfig(PHONE_SAMPLE_RATE, Duration.ofMillis(600), Duration.ofSeconds(8),
                Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(250));
    }

    public EndpointerConfig withSampleRate(int sampleRate) {
        return new EndpointerConfig(sampleRate, endSilence, maxUtterance, minSpeech, preRoll, sustainedSpeech,
                speculativeSilence);
    }

    public EndpointerConfig withEndSilence(Duration endSilence) {
        return new EndpointerConfig(sampleRate, endSilence, maxUtterance, minSpeech, preRoll, sustainedSpeech,
                speculativeSilence);
    }

    public EndpointerConfig withMaxUtterance(Duration maxUtterance) {
        return new EndpointerConfig(sampleRate, endSilence, maxUtterance, minSpeech, preRoll, sustainedSpeech,
                speculativeSilence);
    }

    public EndpointerConfig withMinSpeech(Duration minSpeech) {
        return new EndpointerConfig(sampleRate, endSilence, maxUtterance, minSpeech, preRoll, sustainedSpeech,
                speculativeSilence);
    }

    public EndpointerConfig withPreRoll(Duration preRoll) {
        return new EndpointerConfig(sampleRate, endSilence, maxUtterance, minSpeech, preRoll, sustainedSpeech,
                speculativeSilence);
    }

    public EndpointerConfig withSustainedSpeech(Duration sustainedSpeech) {
        return new EndpointerConfig(sampleRate, endSilence, maxUtterance, minSpeech, preRoll, sustainedSpeech,
                speculativeSilence);
    }

    public EndpointerConfig withSpeculativeSilence(Duration speculativeSilence) {
        return new EndpointerConfig(sampleRate, endSilence, maxUtterance, minSpeech, preRoll, sustainedSpeech,
                speculativeSilence);
    }

    /** True when pauses of {@link #speculativeSilence} are reported: it is on and shorter than endSilence. */
    public boolean speculativeTurnsEnabled() {
        return !speculativeSilence.isZero() && speculativeSilence.compareTo(endSilence) < 0;
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
    }
}
