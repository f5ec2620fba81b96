package com.voiceagent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class MuLawTest {

    /** Values of the ulaw2linear table in Sun's g711.c (the usual G.711 reference). */
    @Test
    void decodesToTheG711ReferenceValues() {
        int[][] codeToLinear = {
                {0x00, -32124}, {0x01, -31100}, {0x0F, -16764}, {0x10, -15996}, {0x40, -1884},
                {0x70, -120}, {0x7E, -8}, {0x7F, 0},
                {0x80, 32124}, {0x81, 31100}, {0x8F, 16764}, {0x90, 15996}, {0xC0, 1884},
                {0xF0, 120}, {0xFE, 8}, {0xFF, 0}};
        for (int[] pair : codeToLinear) {
            assertThat(MuLaw.decode((byte) pair[0])).as("decode(0x%02X)", pair[0]).isEqualTo((short) pair[1]);
        }
    }

    @Test
    void encodesToTheG711ReferenceValues() {
        assertThat(MuLaw.encode((short) 0)).isEqualTo((byte) 0xFF);
        assertThat(MuLaw.encode((short) -1)).isEqualTo((byte) 0x7E); // g711.c: -1 >> 2 == -1
        assertThat(MuLaw.encode((short) 1000)).isEqualTo((byte) 0xCE);
        assertThat(MuLaw.encode((short) -1000)).isEqualTo((byte) 0x4E);
        assertThat(MuLaw.encode((short) 100)).isEqualTo((byte) 0xF2);
        assertThat(MuLaw.encode(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
        assertThat(MuLaw.encode(Short.MIN_VALUE)).isEqualTo((byte) 0x00);
        assertThat(MuLaw.SILENCE).isEqualTo(MuLaw.encode((short) 0));
    }

    @Test
    void encodeMatchesALiteralPortOfSunG711ForEverySample() {
        for (int pcm = Short.MIN_VALUE; pcm <= Short.MAX_VALUE; pcm++) {
            assertThat(MuLaw.encode((short) pcm)).as("encode(%d)", pcm).isEqualTo(SunG711.linear2ulaw(pcm));
        }
    }

    @Test
    void reEncodingADecodedCodeGivesTheSameCodeExceptNegativeZero() {
        for (int code = 0; code < 256; code++) {
            short linear = MuLaw.decode((byte) code);
            assertThat(MuLaw.decode(MuLaw.encode(linear))).isEqualTo(linear);
            if (code != 0x7F) { // 0x7F is "negative zero"; zero encodes as 0xFF
                assertThat(MuLaw.encode(linear) & 0xFF).as("encode(decode(0x%02X))", code).isEqualTo(code);
            }
        }
    }

    @Test
    void decodedLevelsRiseMonotonicallyWithTheInput() {
        short previous = Short.MIN_VALUE;
        for (int pcm = Short.MIN_VALUE; pcm <= Short.MAX_VALUE; pcm++) {
            short decoded = MuLaw.decode(MuLaw.encode((short) pcm));
            assertThat(decoded).as("quantised(%d)", pcm).isGreaterThanOrEqualTo(previous);
            previous = decoded;
        }
    }

    @Test
    void quantisationErrorIsWithinHalfAStepForEverySample() {
        for (int pcm = Short.MIN_VALUE; pcm <= Short.MAX_VALUE; pcm++) {
            assertThat((double) Math.abs(quantisationError((short) pcm))).as("error at %d", pcm)
                    .isLessThanOrEqualTo(errorBound(pcm));
        }
    }

    @Property
    void quantisationErrorStaysWithinTheBoundForAnySample(@ForAll short pcm) {
        assertThat((double) Math.abs(quantisationError(pcm))).isLessThanOrEqualTo(errorBound(pcm));
    }

    @Property
    void bufferCodecAgreesWithTheSampleCodec(@ForAll short[] pcm) {
        byte[] encoded = MuLaw.encode(pcm);
        short[] decoded = MuLaw.decode(encoded);
        for (int i = 0; i < pcm.length; i++) {
            assertThat(encoded[i]).isEqualTo(MuLaw.encode(pcm[i]));
            assertThat(decoded[i]).isEqualTo(MuLaw.decode(encoded[i]));
        }
    }

    @Test
    void nullBuffersAreRejectedWithTheirName() {
        assertThatThrownBy(() -> MuLaw.decode((byte[]) null)).hasMessage("muLaw must not be null");
        assertThatThrownBy(() -> MuLaw.encode((short[]) null)).hasMessage("pcm must not be null");
    }

    private static int quantisationError(short pcm) {
        return MuLaw.decode(MuLaw.encode(pcm)) - pcm;
    }

    /**
     * Half a quantisation step of the segment (|x|/32 at most, relative step 1/16), plus the 3 from dropping
     * two low bits and rounding slack; beyond the top level (32124) the codec clips.
     */
    private static double errorBound(int pcm) {
        int magnitude = Math.abs(pcm);
        return magnitude > 32124 ? magnitude - 32124 + 8 : magnitude / 32.0 + 9;
    }

    /** Literal port of linear2ulaw() from Sun Microsystems' public-domain g711.c, as the reference. */
    private static final class SunG711 {
        private static final int[] SEG_UEND = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};

        static byte linear2ulaw(int pcmVal) {
            int mask;
            pcmVal = pcmVal >> 2;
            if (pcmVal < 0) {
                pcmVal = -pcmVal;
                mask = 0x7F;
            } else {
                mask = 0xFF;
            }
            if (pcmVal > 8159) {
                pcmVal = 8159;
            }
            pcmVal += (0x84 >> 2);
            int seg = 8;
            for (int i = 0; i < 8; i++) {
                if (pcmVal <= SEG_UEND[i]) {
                    seg = i;
                    break;
                }
            }
            if (seg >= 8) {
                return (byte) (0x7F ^ mask);
            }
            int uval = (seg << 4) | ((pcmVal >> (seg + 1)) & 0xF);
            return (byte) (uval ^ mask);
        }
    }
}
