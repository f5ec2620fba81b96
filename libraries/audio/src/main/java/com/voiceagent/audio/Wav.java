package com.voiceagent.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Reads and writes WAV (RIFF/WAVE) files.
 *
 * <p>Reading walks the chunk list instead of assuming the classic 44-byte header: real files put
 * {@code LIST}, {@code fact} and other chunks before {@code data} (Google TTS, sox, espeak-ng all differ),
 * use WAVE_FORMAT_EXTENSIBLE, or come from a pipe with a placeholder data size (0, 0xFFFFFFFF, espeak-ng's
 * 0x7FFFF000) that means "until the end of the file". A data chunk of size 0 is therefore read to the end.
 */
public final class Wav {

    private static final int RIFF_HEADER_BYTES = 12;
    private static final int CHUNK_HEADER_BYTES = 8;
    /**
     * A writer that streams to a pipe cannot seek back to fill in the real size, so it leaves a placeholder:
     * 0, 0xFFFFFFFF, or (espeak-ng --stdout) 0x7FFFF000. Any size from here up cannot be a real in-memory
     * file (a Java array stops at 2 GiB), so we read such data to the end of the file.
     */
    private static final long STREAMED_SIZE_FROM = 0x7FFF0000L;

    private Wav() {
    }

    /**
     * Parses a whole WAV file.
     *
     * @throws WavFormatException if the bytes are not RIFF/WAVE, are truncated, or lack fmt/data chunks
     */
    public static WavAudio read(byte[] file) {
        Objects.requireNonNull(file, "file must not be null");
        if (file.length < RIFF_HEADER_BYTES) {
            throw new WavFormatException("Not a WAV file: only " + file.length
                    + " bytes, a RIFF/WAVE header needs " + RIFF_HEADER_BYTES);
        }
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        String riff = fourCc(file, 0);
        String wave = fourCc(file, 8);
        if (!riff.equals("RIFF") || !wave.equals("WAVE")) {
            throw new WavFormatException("Not a WAV file: expected 'RIFF'....'WAVE' at the start, found '"
                    + printable(riff) + "'....'" + printable(wave) + "'");
        }
        FmtChunk fmt = null;
        byte[] data = null;
        int position = RIFF_HEADER_BYTES;
        while (position + CHUNK_HEADER_BYTES <= file.length && (fmt == null || data == null)) {
            String id = fourCc(file, position);
            long size = Integer.toUnsignedLong(in.getInt(position + 4));
            int body = position + CHUNK_HEADER_BYTES;
            long available = file.length - body;
            if (id.equals("data")) {
                if (size == 0 || size >= STREAMED_SIZE_FROM) {
                    size = available;
                } else if (size > available) {
                    throw new WavFormatException("Truncated WAV file: data chunk at byte " + position
                            + " declares " + size + " bytes but only " + available + " remain");
                }
                data = new byte[(int) size];
                System.arraycopy(file, body, data, 0, (int) size);
            } else if (size > available) {
                throw new WavFormatException("Truncated WAV file: '" + printable(id) + "' chunk at byte "
                        + position + " declares " + size + " bytes but only " + available + " remain");
            } else if (id.equals("fmt ")) {
                fmt = FmtChunk.parse(in, body, (int) size);
            }
            // RIFF pads every chunk to an even length; the pad byte is not counted in the size.
            position = (int) (body + size + (size & 1)); // size <= available, so no overflow
        }
        if (fmt == null) {
            throw new WavFormatException(data == null
                    ? "Truncated WAV file: no 'fmt ' and no 'data' chunk in " + file.length + " bytes"
                    : "Invalid WAV file: no 'fmt ' chunk before the end of the file");
        }
        if (data == null) {
            throw new WavFormatException("Truncated WAV file: no 'data' chunk in " + file.length + " bytes");
        }
        return new WavAudio(fmt.format, fmt.sampleRate, fmt.channels, fmt.bitsPerSample, data);
    }

    /** A mono 16-bit PCM WAV file with the classic 44-byte header (what whisper.cpp and OpenAI accept). */
    public static byte[] pcm16(short[] samples, int sampleRate) {
        Objects.requireNonNull(samples, "samples must not be null");
        checkSampleRate(sampleRate);
        byte[] pcm = Pcm16.toBytes(samples);
        ByteBuffer out = header(pcm.length, 16, 0);
        writeFmt(out, WavAudio.PCM, 1, sampleRate, 16, 16);
        writeData(out, pcm);
        return out.array();
    }

    /**
     * A two-channel 16-bit PCM WAV file, frames interleaved left then right (a recording of both sides of a
     * call). The shorter channel is padded with silence to the longer one's length.
     */
    public static byte[] pcm16Stereo(short[] left, short[] right, int sampleRate) {
        Objects.requireNonNull(left, "left must not be null");
        Objects.requireNonNull(right, "right must not be null");
        checkSampleRate(sampleRate);
        int frames = Math.max(left.length, right.length);
        short[] interleaved = new short[frames * 2];
        for (int i = 0; i < frames; i++) {
            interleaved[2 * i] = i < left.length ? left[i] : 0;
            interleaved[2 * i + 1] = i < right.length ? right[i] : 0;
        }
        byte[] pcm = Pcm16.toBytes(interleaved);
        ByteBuffer out = header(pcm.length, 16, 0);
        writeFmt(out, WavAudio.PCM, 2, sampleRate, 16, 16);
        writeData(out, pcm);
        return out.array();
    }

    /**
     * A mono 8 kHz-style mu-law WAV file (format 7, 8 bits). Non-PCM formats carry an 18-byte fmt chunk and a
     * {@code fact} chunk with the sample count, as the RIFF specification asks and sox writes.
     */
    public static byte[] muLaw(byte[] mu, int sampleRate) {
        Objects.requireNonNull(mu, "mu must not be null");
        checkSampleRate(sampleRate);
        int factChunkBytes = CHUNK_HEADER_BYTES + 4;
        ByteBuffer out = header(mu.length, 18, factChunkBytes);
        writeFmt(out, WavAudio.MU_LAW, 1, sampleRate, 8, 18);
        out.put(ascii("fact")).putInt(4).putInt(mu.length);
        writeData(out, mu);
        return out.array();
    }

    private static void checkSampleRate(int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be > 0, was " + sampleRate);
        }
    }

    private static ByteBuffer header(int dataBytes, int fmtBytes, int extraChunkBytes) {
        int pad = dataBytes & 1;
        int total = RIFF_HEADER_BYTES + CHUNK_HEADER_BYTES + fmtBytes + extraChunkBytes
                + CHUNK_HEADER_BYTES + dataBytes + pad;
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(ascii("RIFF")).putInt(total - 8).put(ascii("WAVE"));
        return out;
    }

    private static void writeFmt(ByteBuffer out, int format, int channels, int sampleRate, int bitsPerSample,
            int fmtBytes) {
        int blockAlign = channels * bitsPerSample / 8;
        out.put(ascii("fmt ")).putInt(fmtBytes)
                .putShort((short) format)
                .putShort((short) channels)
                .putInt(sampleRate)
                .putInt(sampleRate * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) bitsPerSample);
        if (fmtBytes == 18) {
            out.putShort((short) 0); // cbSize: no extension bytes
        }
    }

    private static void writeData(ByteBuffer out, byte[] data) {
        out.put(ascii("data")).putInt(data.length).put(data);
        // the pad byte of an odd-sized data chunk is already zero in the freshly allocated buffer
    }

    private static byte[] ascii(String fourCc) {
        return fourCc.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String fourCc(byte[] file, int offset) {
        return new String(file, offset, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String printable(String fourCc) {
        StringBuilder text = new StringBuilder();
        for (char c : fourCc.toCharArray()) {
            text.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        }
        return text.toString();
    }

    /** The fields of a {@code fmt } chunk we need, with WAVE_FORMAT_EXTENSIBLE resolved to its sub-format. */
    private record FmtChunk(int format, int channels, int sampleRate, int bitsPerSample) {

        static FmtChunk parse(ByteBuffer in, int body, int size) {
            if (size < 16) {
                throw new WavFormatException("Invalid WAV file: 'fmt ' chunk has " + size
                        + " bytes, needs at least 16");
            }
            int format = Short.toUnsignedInt(in.getShort(body));
            int channels = Short.toUnsignedInt(in.getShort(body + 2));
            int sampleRate = in.getInt(body + 4);
            int bitsPerSample = Short.toUnsignedInt(in.getShort(body + 14));
            if (format == WavAudio.EXTENSIBLE) {
                // WAVEFORMATEXTENSIBLE: cbSize(2) validBits(2) channelMask(4) then a GUID whose first two
                // bytes are the real format tag (e.g. 0x0001 PCM, 0x0007 mu-law).
                if (size < 40) {
                    throw new WavFormatException("Invalid WAV file: extensible 'fmt ' chunk has " + size
                            + " bytes, needs 40");
                }
                format = Short.toUnsignedInt(in.getShort(body + 24));
            }
            if (channels == 0 || sampleRate <= 0 || bitsPerSample == 0) {
                throw new WavFormatException("Invalid WAV file: 'fmt ' chunk says " + channels + " channels, "
                        + Integer.toUnsignedLong(sampleRate) + " Hz, " + bitsPerSample + " bits per sample");
            }
            return new FmtChunk(format, channels, sampleRate, bitsPerSample);
        }
    }
}
