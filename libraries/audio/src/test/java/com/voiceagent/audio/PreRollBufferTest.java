package com.voiceagent.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PreRollBufferTest {

    /** Whatever the writes, the ring holds the newest samples, as a plain queue of the last {@code capacity} would. */
    @Property(tries = 500)
    void holdsTheNewestSamplesWrittenInOrder(@ForAll @IntRange(min = 1, max = 50) int capacity,
            @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 120) Integer> writeLengths,
            @ForAll @IntRange(min = 0, max = 60) int asked) {
        PreRollBuffer ring = new PreRollBuffer(capacity);
        Deque<Short> model = new ArrayDeque<>();
        short sample = 0;
        for (int length : writeLengths) {
            short[] samples = new short[length + 3]; // a longer array than the length written
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (short) (sample + i);
            }
            ring.write(samples, length);
            for (int i = 0; i < length; i++) {
                model.addLast(samples[i]);
                if (model.size() > capacity) {
                    model.removeFirst();
                }
            }
            sample += (short) length;
        }
        assertThat(ring.size()).isEqualTo(model.size());
        short[] target = new short[asked + 2];
        int copied = ring.copyNewest(asked, target, 2);
        List<Short> newest = List.copyOf(model).subList(Math.max(0, model.size() - asked), model.size());
        assertThat(copied).isEqualTo(newest.size());
        for (int i = 0; i < copied; i++) {
            assertThat(target[2 + i]).isEqualTo(newest.get(i));
        }
    }
}
