package com.voiceagent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class Pcm16Test {

    @Test
    void readsLittleEndianSignedSamples() {
        byte[] bytes = {0x01, 0x00, (byte) 0xFF, (byte) 0xFF, 0x00, (byte) 0x80, (byte) 0xFF, 0x7F};
        assertThat(Pcm16.fromBytes(bytes)).containsExactly((short) 1, (short) -1, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    @Test
    void writesLittleEndian() {
        assertThat(Pcm16.toBytes(new short[] {0x1234, -2})).containsExactly(0x34, 0x12, 0xFE, 0xFF);
    }

    @Property
    void bytesAndSamplesRoundTrip(@ForAll short[] samples) {
        assertThat(Pcm16.fromBytes(Pcm16.toBytes(samples))).containsExactly(samples);
    }

    @Test
    void anOddByteCountIsRejectedWithTheLength() {
        assertThatThrownBy(() -> Pcm16.fromBytes(new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("littleEndian length must be even (2 bytes per sample), was 3");
    }

    @Test
    void nullIsRejectedWithTheParameterName() {
        assertThatThrownBy(() -> Pcm16.fromBytes(null)).hasMessage("littleEndian must not be null");
        assertThatThrownBy(() -> Pcm16.toBytes(null)).hasMessage("samples must not be null");
    }
}
