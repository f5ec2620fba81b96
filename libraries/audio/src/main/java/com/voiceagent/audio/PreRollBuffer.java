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

    /** Every 20 ms of every call goes through here: two array copies, not a division per sample. */
    void write(short[] samples, int length) {
        int capacity = ring.length;
        if (capacity == 0) {
            return;
        }
        size = Math.min(capacity, size + length);
        int from = Math.max(0, length - capacity); // only the newest samples fit
        int count = length - from;
        int first = Math.min(count, capacity - next);
        System.arraycopy(samples, from, ring, next, first);
        System.arraycopy(samples, from + first, ring, 0, count - first);
        next = (next + count) % capacity;
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
