package com.voiceagent.audio;

/**
 * The most recent audio before speech starts, in a fixed-size ring: when speech is detected we already
 * need what came just before it (the soft start of the first word), but must not keep minutes of silence.
 */
final class PreRollBuffer {

    private final short[] ring;
    private int next;
    private int size;

    PreRollBuffer(int capacity) {
        this.ring = new short[capacity];
    }

    void write(short[] samples, int length) {
        if (ring.length == 0) {
            return;
        }
        for (int i = 0; i < length; i++) {
            ring[next] = samples[i];
            next = (next + 1) % ring.length;
        }
        size = Math.min(ring.length, size + length);
    }

    /** Copies the newest {@code count} samples (fewer if not held) into {@code target} at {@code offset}. */
    int copyNewest(int count, short[] target, int offset) {
        int copied = Math.min(count, size);
        int start = Math.floorMod(next - copied, Math.max(1, ring.length));
        for (int i = 0; i < copied; i++) {
            target[offset + i] = ring[(start + i) % ring.length];
        }
        return copied;
    }

    int capacity() {
        return ring.length;
    }

    int size() {
        return size;
    }

    void clear() {
        next = 0;
        size = 0;
    }
}
