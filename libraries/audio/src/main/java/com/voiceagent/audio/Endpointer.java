package com.voiceagent.audio;

import java.util.Objects;

/**
 * Finds where a caller's utterances start and end in a live audio stream (a voice-activity endpointer).
 *
 * <p>Feed it audio as it arrives, in chunks of any size, with the stream time of each chunk's first sample
 * (Twilio's media {@code timestamp}, never the wall clock: packets arrive in bursts). It calls the listener
 * on the calling thread, from inside {@link #accept}. One instance per call; not thread-safe.
 */
public interface Endpointer {

    /** An energy-based endpointer with an adaptive noise floor and hysteresis. */
    static Endpointer create(EndpointerConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        return new EnergyEndpointer(config);
    }

    /**
     * Processes more audio.
     *
     * @param samples      16-bit mono samples at {@link EndpointerConfig#sampleRate()}; any length
     * @param streamTimeMs stream time of {@code samples[0]} in milliseconds
     * @param listener     receives the events this audio completes
     */
    void accept(short[] samples, long streamTimeMs, Listener listener);

    /** True while the caller is speaking (between speech onset and the end of the utterance). */
    boolean inSpeech();

    /** Forgets all audio and state, including the learned noise floor, e.g. when a new call starts. */
    void reset();

    /** Receives endpointer events. Only {@link #utterance} is mandatory. */
    interface Listener {

        /**
         * Speech began at this stream time (it may still be discarded as too short). Also called right after
         * an utterance cut at the maximum length, for the piece that continues it.
         */
        default void speechStarted(long streamTimeMs) {
        }

        /** Speech has lasted {@link EndpointerConfig#sustainedSpeech()}: time to stop talking over the caller. */
        default void speechSustained(long streamTimeMs) {
        }

        /**
         * The caller has been quiet for {@link EndpointerConfig#speculativeSilence()} inside a speech run: the
         * turn may be over, so work on it can start now. Fired once per pause; {@code soFar} has the same shape
         * as a final utterance (pre-roll included, start/end = the speech boundaries so far, not cut). Either
         * {@link #speechResumed} (the caller went on) or {@link #utterance} (the end silence confirmed it)
         * follows.
         */
        default void speechPaused(DetectedUtterance soFar) {
        }

        /** Speech came back after {@link #speechPaused}, before the end silence: that pause was not the end. */
        default void speechResumed(long streamTimeMs) {
        }

        /** A complete utterance (or a piece cut at the maximum length). */
        void utterance(DetectedUtterance utterance);

        /** A burst of sound that is not speech (too short: a click, a cough, line noise), with why. */
        default void discarded(long startMs, long endMs, String reason) {
        }
    }
}
