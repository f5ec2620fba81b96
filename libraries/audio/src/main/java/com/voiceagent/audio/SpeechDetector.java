package com.voiceagent.audio;

/**
 * Decides, one 20 ms frame at a time, whether the frame sounds like speech: its energy must stand out from
 * an adaptive estimate of the background noise.
 *
 * <p>Why adaptive: phone lines range from digital silence to street noise, so no fixed threshold works. The
 * floor follows quieter frames quickly (a dip in speech or a quieter line is real evidence of the noise
 * level) and louder frames slowly (so speech does not lift the floor up to itself). Why hysteresis: a word's
 * soft consonants and trailing syllables are quieter than its vowels; once an utterance is under way, a lower
 * release margin keeps them in it instead of chopping the sentence.
 */
final class SpeechDetector {

    /** Energy of an all-zero frame; also the lowest floor, so the arithmetic never meets -infinity. */
    static final double SILENCE_DBFS = -100.0;
    /** Speech must rise this far above the noise floor to start... */
    static final double ONSET_MARGIN_DB = 10.0;
    /** ...and stays speech while it is at least this far above it. */
    static final double RELEASE_MARGIN_DB = 5.0;
    /** Quieter frames are never speech, however quiet the line: comfort noise and hiss sit below this. */
    static final double ABSOLUTE_MIN_DBFS = -50.0;
    /** Fraction of the gap closed per frame when a frame is quieter than the floor (about 2 frames). */
    private static final double FALL_RATE = 0.5;
    /** Fraction closed per frame when louder and not in speech: a time constant of about 1 s. */
    private static final double RISE_RATE = 0.02;
    /** Fraction closed per frame during speech: about 10 s, so an 8 s utterance keeps its margin. */
    private static final double RISE_RATE_IN_SPEECH = 0.002;

    private double floorDb = Double.NaN;

    /**
     * Classifies one frame and then lets the noise floor learn from it.
     *
     * @param utteranceOngoing true while an utterance is under way: the lower release margin applies
     */
    boolean isSpeech(short[] frame, int length, boolean utteranceOngoing) {
        double energy = energyDbfs(frame, length);
        if (Double.isNaN(floorDb)) {
            floorDb = energy; // the first frame is the best first guess of the line's background
        }
        double margin = utteranceOngoing ? RELEASE_MARGIN_DB : ONSET_MARGIN_DB;
        boolean speech = energy > ABSOLUTE_MIN_DBFS && energy >= floorDb + margin;
        double rate = energy < floorDb ? FALL_RATE : speech || utteranceOngoing ? RISE_RATE_IN_SPEECH : RISE_RATE;
        floorDb = Math.max(SILENCE_DBFS, floorDb + (energy - floorDb) * rate);
        return speech;
    }

    double floorDb() {
        return floorDb;
    }

    void reset() {
        floorDb = Double.NaN;
    }

    /** Mean power of the frame relative to a full-scale square wave, in dB (0 dBFS = loudest possible). */
    static double energyDbfs(short[] frame, int length) {
        if (length == 0) {
            return SILENCE_DBFS;
        }
        double sumOfSquares = 0;
        for (int i = 0; i < length; i++) {
            sumOfSquares += (double) frame[i] * frame[i];
        }
        double meanSquare = sumOfSquares / length / (32768.0 * 32768.0);
        return meanSquare <= 0 ? SILENCE_DBFS : Math.max(SILENCE_DBFS, 10 * Math.log10(meanSquare));
    }
}
