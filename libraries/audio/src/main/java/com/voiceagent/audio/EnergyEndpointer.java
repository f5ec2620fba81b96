package com.voiceagent.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * The {@link Endpointer} behind {@link Endpointer#create}: cuts the stream into 20 ms frames, asks the
 * {@link SpeechDetector} about each, and turns the yes/no sequence into utterances.
 *
 * <p>Rules, in the order a call meets them:
 * <ul>
 *   <li>Speech starts after {@value #ONSET_FRAMES} speech frames in a row (one loud frame is a click).</li>
 *   <li>It ends after {@link EndpointerConfig#endSilence()} without speech frames; shorter pauses (a
 *       breath, a comma) stay inside the utterance.</li>
 *   <li>Speech spanning less than {@link EndpointerConfig#minSpeech()} is discarded, not emitted.</li>
 *   <li>Speech reaching {@link EndpointerConfig#maxUtterance()} is cut and emitted; the rest continues as a
 *       new utterance, so memory stays bounded by preRoll + maxUtterance of audio.</li>
 * </ul>
 * Times come from the stream times passed to {@link #accept}, never the wall clock.
 */
final class EnergyEndpointer implements Endpointer {

    /** 20 ms frames: long enough for a stable energy estimate, short enough for a quick reaction. */
    static final int FRAME_MS = 20;
    /** Consecutive speech frames needed before we call it speech (60 ms). */
    static final int ONSET_FRAMES = 3;
    /** An utterance's buffer starts with room for this much speech, and grows by as much again when it is full. */
    static final int INITIAL_UTTERANCE_MS = 2_000;
    private static final short[] NO_AUDIO = new short[0];

    private final EndpointerConfig config;
    private final int frameSize;
    private final long frameMs;
    private final int preRollSamples;
    private final int maxSpeechSamples;
    private final long endSilenceMs;
    private final long minSpeechMs;
    private final long sustainedMs;
    /** Pause that fires speechPaused; 0 when speculative turns are off. */
    private final long speculativeMs;

    private final SpeechDetector detector = new SpeechDetector();
    private final short[] frame;
    private int frameFill;
    private long frameStartMs;

    /** Audio before onset: the pre-roll plus the frames that are still only candidates for onset. */
    private final PreRollBuffer history;
    private int candidateFrames;
    private long candidateStartMs;
    private long candidateEndMs;

    private boolean inSpeech;
    /**
     * Utterance audio: allocated when speech starts, grown as it goes on (at most preRoll + maxUtterance), let go when
     * it ends. A call spends most of its time listening or silent; a buffer kept for its longest utterance was the
     * largest part of a live call's memory on a gateway carrying hundreds.
     */
    private short[] utterance = NO_AUDIO;
    private int utteranceLength;
    /** Index in {@link #utterance} of the first sample at or after speech onset (after the pre-roll). */
    private int speechStartIndex;
    private long speechStartMs;
    private long lastSpeechEndMs;
    private int lastSpeechEndIndex;
    private long silenceMs;
    private boolean sustainedFired;
    /** speechPaused fired for the current pause and neither speechResumed nor the end followed yet. */
    private boolean pausedFired;

    EnergyEndpointer(EndpointerConfig config) {
        this.config = Objects.requireNonNull(config, "config must not be null");
        int rate = config.sampleRate();
        this.frameSize = Math.max(1, (int) Math.round(rate * FRAME_MS / 1000.0));
        this.frameMs = Math.max(1, Math.round(frameSize * 1000.0 / rate));
        this.preRollSamples = samplesIn(config.preRoll().toMillis());
        // at least the onset frames plus one, so a tiny maxUtterance still fits the frames that started speech
        this.maxSpeechSamples = Math.max((ONSET_FRAMES + 1) * frameSize, samplesIn(config.maxUtterance().toMillis()));
        this.endSilenceMs = config.endSilence().toMillis();
        this.minSpeechMs = config.minSpeech().toMillis();
        this.sustainedMs = config.sustainedSpeech().toMillis();
        this.speculativeMs = config.speculativeTurnsEnabled() ? config.speculativeSilence().toMillis() : 0;
        this.frame = new short[frameSize];
        this.history = new PreRollBuffer(preRollSamples + ONSET_FRAMES * frameSize);
    }

    @Override
    public void accept(short[] samples, long streamTimeMs, Listener listener) {
        Objects.requireNonNull(samples, "samples must not be null");
        Objects.requireNonNull(listener, "listener must not be null");
        int index = 0;
        while (index < samples.length) {
            if (frameFill == 0) {
                frameStartMs = streamTimeMs + Math.round(index * 1000.0 / config.sampleRate());
            }
            int take = Math.min(frameSize - frameFill, samples.length - index);
            System.arraycopy(samples, index, frame, frameFill, take);
            frameFill += take;
            index += take;
            if (frameFill == frameSize) {
                onFrame(frameStartMs, frameStartMs + frameMs, listener);
                frameFill = 0;
            }
        }
    }

    @Override
    public boolean inSpeech() {
        return inSpeech;
    }

    @Override
    public void reset() {
        detector.reset();
        frameFill = 0;
        history.clear();
        candidateFrames = 0;
        inSpeech = false;
        pausedFired = false;
        utteranceLength = 0;
        utterance = NO_AUDIO;
    }

    /** Samples currently held (frame in progress, pre-roll and utterance): for tests of the memory bound. */
    int bufferedSampleCount() {
        return frameFill + history.size() + utteranceLength;
    }

    /** Samples the utterance buffer has room for now: for tests of the memory a listening call keeps. */
    int utteranceCapacity() {
        return utterance.length;
    }

    /** The most audio this endpointer ever holds, in samples. */
    int maxBufferedSamples() {
        return frameSize + history.capacity() + preRollSamples + maxSpeechSamples;
    }

    double noiseFloorDb() {
        return detector.floorDb();
    }

    private void onFrame(long startMs, long endMs, Listener listener) {
        boolean speech = detector.isSpeech(frame, frameSize, inSpeech);
        if (inSpeech) {
            continueUtterance(speech, endMs, listener);
        } else {
            waitForOnset(speech, startMs, endMs, listener);
        }
    }

    private void waitForOnset(boolean speech, long startMs, long endMs, Listener listener) {
        history.write(frame, frameSize);
        if (!speech) {
            if (candidateFrames > 0) {
                candidateFrames = 0;
                listener.discarded(candidateStartMs, candidateEndMs, "only " + (candidateEndMs - candidateStartMs)
                        + " ms of sound, speech needs " + ONSET_FRAMES * frameMs + " ms in a row");
            }
            return;
        }
        if (candidateFrames == 0) {
            candidateStartMs = startMs;
        }
        candidateFrames++;
        candidateEndMs = endMs;
        if (candidateFrames >= ONSET_FRAMES) {
            startUtterance(listener);
        }
    }

    private void startUtterance(Listener listener) {
        int candidateSamples = candidateFrames * frameSize;
        utterance = new short[Math.min(preRollSamples + maxSpeechSamples,
                preRollSamples + candidateSamples + samplesIn(INITIAL_UTTERANCE_MS))];
        int copied = history.copyNewest(preRollSamples + candidateSamples, utterance, 0);
        history.clear();
        inSpeech = true;
        utteranceLength = copied;
        speechStartIndex = Math.max(0, copied - candidateSamples);
        speechStartMs = candidateStartMs;
        lastSpeechEndMs = candidateEndMs;
        lastSpeechEndIndex = copied;
        silenceMs = 0;
        sustainedFired = false;
        pausedFired = false;
        candidateFrames = 0;
        listener.speechStarted(speechStartMs);
        checkSustained(listener);
    }

    private void continueUtterance(boolean speech, long endMs, Listener listener) {
        if (utteranceLength + frameSize > utterance.length) {
            utterance = Arrays.copyOf(utterance, Math.min(preRollSamples + maxSpeechSamples,
                    utterance.length + samplesIn(INITIAL_UTTERANCE_MS)));
        }
        System.arraycopy(frame, 0, utterance, utteranceLength, frameSize);
        utteranceLength += frameSize;
        if (speech) {
            lastSpeechEndMs = endMs;
            lastSpeechEndIndex = utteranceLength;
            silenceMs = 0;
            if (pausedFired) {
                pausedFired = false;
                listener.speechResumed(endMs - frameMs);
            }
            checkSustained(listener);
        } else {
            silenceMs += frameMs;
        }
        if (silenceMs >= endSilenceMs) {
            finishUtterance(listener);
        } else if (speculativeMs > 0 && !pausedFired && silenceMs >= speculativeMs
                && lastSpeechEndMs - speechStartMs >= minSpeechMs) {
            // Only speech that would survive as an utterance may start a turn early (no turn for a cough).
            pausedFired = true;
            listener.speechPaused(new DetectedUtterance(Arrays.copyOf(utterance, soFarEnd()), speechStartMs,
                    lastSpeechEndMs, false, audioStartMs()));
        } else if (utteranceLength - speechStartIndex + frameSize > maxSpeechSamples) {
            cutUtterance(endMs, listener); // the next frame would not fit: emit what we have
        }
    }

    private void checkSustained(Listener listener) {
        if (!sustainedFired && lastSpeechEndMs - speechStartMs >= sustainedMs) {
            sustainedFired = true;
            listener.speechSustained(lastSpeechEndMs);
        }
    }

    // Both ways out of an utterance settle our own state before calling the listener, so a listener that
    // throws cannot leave the endpointer half-way (it is called from the caller's media-handling thread).

    private void finishUtterance(Listener listener) {
        long speechMs = lastSpeechEndMs - speechStartMs;
        DetectedUtterance detected = null;
        if (speechMs >= minSpeechMs) {
            // Keep up to preRoll of the trailing quiet too: recognisers need the end of the last word intact.
            int end = soFarEnd();
            detected = new DetectedUtterance(Arrays.copyOf(utterance, end), speechStartMs, lastSpeechEndMs, false,
                    audioStartMs());
        }
        // The quiet just heard is the pre-roll of whatever comes next.
        int tail = Math.min(preRollSamples, utteranceLength - lastSpeechEndIndex);
        history.write(Arrays.copyOfRange(utterance, utteranceLength - tail, utteranceLength), tail);
        inSpeech = false;
        pausedFired = false;
        utteranceLength = 0;
        utterance = NO_AUDIO;
        if (detected != null) {
            listener.utterance(detected);
        } else {
            listener.discarded(speechStartMs, lastSpeechEndMs,
                    "only " + speechMs + " ms of speech, minSpeech is " + minSpeechMs + " ms");
        }
    }

    private void cutUtterance(long endMs, Listener listener) {
        DetectedUtterance piece = new DetectedUtterance(Arrays.copyOf(utterance, utteranceLength), speechStartMs,
                endMs, true, audioStartMs());
        // Speech goes on: the remainder is a new utterance starting right here, in the same speech run
        // (speechSustained already fired for it, so barge-in is not signalled twice).
        utteranceLength = 0;
        speechStartIndex = 0;
        speechStartMs = endMs;
        lastSpeechEndMs = endMs;
        lastSpeechEndIndex = 0;
        pausedFired = false; // the cut piece settles any pause reported before it
        listener.utterance(piece);
        listener.speechStarted(endMs);
    }

    /** Stream time of the utterance buffer's first sample: the onset less the pre-roll kept before it. */
    private long audioStartMs() {
        return speechStartMs - (long) speechStartIndex * 1000 / config.sampleRate();
    }

    /** End of the audio an utterance ending now would carry: its speech plus up to preRoll of trailing quiet. */
    private int soFarEnd() {
        return Math.min(utteranceLength, lastSpeechEndIndex + preRollSamples);
    }

    private int samplesIn(long millis) {
        return (int) Math.min(Integer.MAX_VALUE / 4, millis * config.sampleRate() / 1000);
    }
}
