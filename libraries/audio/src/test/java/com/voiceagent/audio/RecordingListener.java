package com.voiceagent.audio;

import java.util.ArrayList;
import java.util.List;

/** Collects every endpointer event, in order, for assertions. */
final class RecordingListener implements Endpointer.Listener {

    record Discard(long startMs, long endMs, String reason) {
    }

    final List<Long> starts = new ArrayList<>();
    final List<Long> sustained = new ArrayList<>();
    final List<DetectedUtterance> utterances = new ArrayList<>();
    final List<Discard> discards = new ArrayList<>();
    final List<DetectedUtterance> paused = new ArrayList<>();
    final List<Long> resumed = new ArrayList<>();
    /** paused / resumed / utterance / discarded, in the order they fired. */
    final List<String> order = new ArrayList<>();

    @Override
    public void speechPaused(DetectedUtterance soFar) {
        paused.add(soFar);
        order.add("paused");
    }

    @Override
    public void speechResumed(long streamTimeMs) {
        resumed.add(streamTimeMs);
        order.add("resumed");
    }

    @Override
    public void speechStarted(long streamTimeMs) {
        starts.add(streamTimeMs);
    }

    @Override
    public void speechSustained(long streamTimeMs) {
        sustained.add(streamTimeMs);
    }

    @Override
    public void utterance(DetectedUtterance utterance) {
        utterances.add(utterance);
        order.add("utterance");
    }

    @Override
    public void discarded(long startMs, long endMs, String reason) {
        discards.add(new Discard(startMs, endMs, reason));
        order.add("discarded");
    }

    /** Feeds samples in chunks of {@code chunk} samples, with stream times counted from {@code baseMs}. */
    static RecordingListener feed(Endpointer endpointer, short[] samples, int sampleRate, int chunk, long baseMs) {
        RecordingListener listener = new RecordingListener();
        for (int offset = 0; offset < samples.length; offset += chunk) {
            short[] piece = java.util.Arrays.copyOfRange(samples, offset, Math.min(samples.length, offset + chunk));
            endpointer.accept(piece, baseMs + offset * 1000L / sampleRate, listener);
        }
        return listener;
    }
}
