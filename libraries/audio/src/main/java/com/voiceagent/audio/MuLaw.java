package com.voiceagent.audio;

import java.util.Objects;

/**
 * ITU-T G.711 mu-law codec: the 8-bit telephone encoding Twilio Media Streams and Google TTS (MULAW) use.
 *
 * <p>This is the classic bias-0x84 algorithm on a 14-bit magnitude, bit-exact with the widely used Sun
 * Microsystems {@code g711.c} ({@code linear2ulaw}/{@code ulaw2linear}), so audio we encode sounds exactly
 * like audio encoded by other telephony stacks. Like {@code g711.c}, the encoder first drops the two low bits
 * with an arithmetic shift, so tiny negative values (e.g. -1) land on the smallest negative code, 0x7E.
 */
public final class MuLaw {

    /** The code for digital silence (positive zero); what to send when there is nothing to say. */
    public static final byte SILENCE = (byte) 0xFF;

    private static final int BIAS = 0x84;
    /** Largest 14-bit magnitude before the bias is added; louder input is clipped to the top code. */
    private static final int CLIP = 8159;

    /** Decoding is a 256-entry lookup; computing it once keeps the hot path (every 20 ms frame) trivial. */
    private static final short[] DECODE_TABLE = new short[256];

    static {
        for (int code = 0; code < 256; code++) {
            DECODE_TABLE[code] = computeDecode(code);
        }
    }

    private MuLaw() {
    }

    /** Decodes one mu-law byte to a 16-bit linear sample. */
    public static short decode(byte muLaw) {
        return DECODE_TABLE[muLaw & 0xFF];
    }

    /** Encodes one 16-bit linear sample to mu-law (values beyond +-32635 are clipped). */
    public static byte encode(short pcm) {
        int value = pcm >> 2; // 16-bit to 14-bit, as g711.c does (arithmetic shift, rounds toward -inf)
        int mask;
        if (value < 0) {
            value = -value;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        if (value > CLIP) {
            value = CLIP;
        }
        value += BIAS >> 2;
        int segment = segmentOf(value);
        if (segment >= 8) {
            return (byte) (0x7F ^ mask); // the clip level itself lands one past the top segment: top code
        }
        int code = (segment << 4) | ((value >> (segment + 1)) & 0x0F);
        return (byte) (code ^ mask);
    }

    /** Decodes a whole buffer, e.g. one Twilio media payload. */
    public static short[] decode(byte[] muLaw) {
        Objects.requireNonNull(muLaw, "muLaw must not be null");
        short[] pcm = new short[muLaw.length];
        for (int i = 0; i < muLaw.length; i++) {
            pcm[i] = DECODE_TABLE[muLaw[i] & 0xFF];
        }
        return pcm;
    }

    /** Encodes a whole buffer of 16-bit linear samples. */
    public static byte[] encode(short[] pcm) {
        Objects.requireNonNull(pcm, "pcm must not be null");
        byte[] muLaw = new byte[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            muLaw[i] = encode(pcm[i]);
        }
        return muLaw;
    }

    /** Segment (exponent) 0..7: how many doublings above the first 64-step range the biased value lies. */
    private static int segmentOf(int biased) {
        // Segment ends of g711.c's seg_uend table: 0x3F, 0x7F, ... 0x1FFF; 8 means "above the table".
        int segment = 0;
        int end = 0x3F;
        while (biased > end && segment < 8) {
            segment++;
            end = (end << 1) | 1;
        }
        return segment;
    }

    private static short computeDecode(int code) {
        int inverted = ~code & 0xFF;
        int magnitude = ((inverted & 0x0F) << 3) + BIAS;
        magnitude <<= (inverted & 0x70) >> 4;
        return (short) ((inverted & 0x80) != 0 ? BIAS - magnitude : magnitude - BIAS);
    }
}
