package com.voiceagent.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WavTest {

    private static final short[] SAMPLES = {0, 1000, -1000, 32767, -32768, 7};

    @Test
    void aPcm16FileWrittenHereReadsBackTheSameSamples() {
        byte[] file = Wav.pcm16(SAMPLES, 16000);
        assertThat(file).hasSize(44 + 2 * SAMPLES.length);
        WavAudio audio = Wav.read(file);
        assertThat(audio.format()).isEqualTo(WavAudio.PCM);
        assertThat(audio.sampleRate()).isEqualTo(16000);
        assertThat(audio.channels()).isEqualTo(1);
        assertThat(audio.bitsPerSample()).isEqualTo(16);
        assertThat(audio.toMonoPcm16()).containsExactly(SAMPLES);
    }

    @Test
    void aStereoFileInterleavesLeftThenRightAndPadsTheShorterChannelWithSilence() {
        short[] left = {1, 2, 3};
        short[] right = {-1};
        WavAudio audio = Wav.read(Wav.pcm16Stereo(left, right, 8000));
        assertThat(audio.channels()).isEqualTo(2);
        assertThat(audio.frameCount()).isEqualTo(3);
        ByteBuffer data = ByteBuffer.wrap(audio.data()).order(ByteOrder.LITTLE_ENDIAN);
        short[] frames = new short[6];
        data.asShortBuffer().get(frames);
        assertThat(frames).containsExactly(1, -1, 2, 0, 3, 0);
        assertThat(ByteBuffer.wrap(Wav.pcm16Stereo(left, right, 8000)).order(ByteOrder.LITTLE_ENDIAN).getInt(28))
                .as("bytes per second").isEqualTo(8000 * 4);
    }

    @Test
    void aMuLawFileWrittenHereIsFormat7WithAFactChunk() {
        byte[] mu = MuLaw.encode(SAMPLES);
        byte[] file = Wav.muLaw(mu, 8000);
        assertThat(new String(file, 38, 4, StandardCharsets.US_ASCII)).isEqualTo("fact"); // after an 18-byte fmt
        WavAudio audio = Wav.read(file);
        assertThat(audio.format()).isEqualTo(WavAudio.MU_LAW);
        assertThat(audio.bitsPerSample()).isEqualTo(8);
        assertThat(audio.data()).containsExactly(mu);
        assertThat(audio.toMonoPcm16()).containsExactly(MuLaw.decode(mu));
    }

    @Test
    void anOddLengthMuLawFileIsPaddedToAnEvenSize() {
        byte[] file = Wav.muLaw(new byte[] {1, 2, 3}, 8000);
        assertThat(file.length % 2).isZero();
        assertThat(Wav.read(file).data()).containsExactly(1, 2, 3);
    }

    @Test
    void aListChunkBeforeDataIsSkippedSoTheHeaderNeedNotBe44Bytes() {
        byte[] file = new RiffBuilder()
                .chunk("fmt ", fmt(1, 1, 8000, 16))
                .chunk("LIST", "INFOISFT\u000e\u0000\u0000\u0000Lavf58.76.100\u0000".getBytes(StandardCharsets.ISO_8859_1))
                .chunk("data", Pcm16.toBytes(SAMPLES))
                .build();
        assertThat(Wav.read(file).toMonoPcm16()).containsExactly(SAMPLES);
    }

    @Test
    void chunksBeforeFmtAndAfterDataAreToleratedInAnyOrder() {
        byte[] file = new RiffBuilder()
                .chunk("JUNK", new byte[28])
                .chunk("data", Pcm16.toBytes(SAMPLES))
                .chunk("fmt ", fmt(1, 1, 8000, 16))
                .chunk("LIST", new byte[10])
                .build();
        assertThat(Wav.read(file).toMonoPcm16()).containsExactly(SAMPLES);
    }

    @Test
    void anOddSizedChunkIsFollowedByAPadByte() {
        byte[] file = new RiffBuilder()
                .chunk("fmt ", fmt(1, 1, 8000, 16))
                .chunk("odd ", new byte[] {9, 9, 9}) // 3 bytes + 1 pad byte
                .chunk("data", Pcm16.toBytes(SAMPLES))
                .build();
        assertThat(Wav.read(file).toMonoPcm16()).containsExactly(SAMPLES);
    }

    @Test
    void waveFormatExtensibleIsResolvedToItsSubFormat() {
        ByteBuffer fmt = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        fmt.put(fmt(0xFFFE, 2, 24000, 16));
        fmt.putShort((short) 22).putShort((short) 16).putInt(3); // cbSize, valid bits, channel mask
        // KSDATAFORMAT_SUBTYPE_PCM {00000001-0000-0010-8000-00aa00389b71}
        fmt.put(new byte[] {1, 0, 0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        short[] stereo = {100, 300, -100, -300};
        byte[] file = new RiffBuilder().chunk("fmt ", fmt.array()).chunk("data", Pcm16.toBytes(stereo)).build();

        WavAudio audio = Wav.read(file);

        assertThat(audio.format()).isEqualTo(WavAudio.PCM);
        assertThat(audio.channels()).isEqualTo(2);
        assertThat(audio.sampleRate()).isEqualTo(24000);
        assertThat(audio.toMonoPcm16()).containsExactly((short) 200, (short) -200); // channels averaged
    }

    @Test
    void aStreamedDataSizeOfAllOnesMeansToTheEndOfTheFile() {
        byte[] file = new RiffBuilder().riffSize(0xFFFFFFFF).chunk("fmt ", fmt(1, 1, 8000, 16))
                .chunkWithDeclaredSize("data", 0xFFFFFFFF, Pcm16.toBytes(SAMPLES)).build();
        assertThat(Wav.read(file).toMonoPcm16()).containsExactly(SAMPLES);
    }

    @Test
    void aStreamedDataSizeOfZeroMeansToTheEndOfTheFile() {
        byte[] file = new RiffBuilder().riffSize(0).chunk("fmt ", fmt(1, 1, 8000, 16))
                .chunkWithDeclaredSize("data", 0, Pcm16.toBytes(SAMPLES)).build();
        assertThat(Wav.read(file).toMonoPcm16()).containsExactly(SAMPLES);
    }

    @Test
    void espeakNgStdoutOutputIsReadToTheEndOfTheFile() throws IOException {
        // Recorded with: espeak-ng -v he --stdout "שלום" > espeak-stdout-shalom.wav (data size 0x7FFFF000)
        byte[] file = resource("audio/espeak-stdout-shalom.wav");
        assertThat(ByteBuffer.wrap(file, 40, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(0x7FFFF000);

        WavAudio audio = Wav.read(file);

        assertThat(audio.sampleRate()).isEqualTo(22050);
        assertThat(audio.data()).hasSize(file.length - 44);
        assertThat(audio.toMonoPcm16()).hasSize((file.length - 44) / 2);
    }

    @Test
    void aMuLawFileShapedLikeGoogleTtsOutputGivesPhoneReadyBytes() {
        byte[] mu = MuLaw.encode(Signals.tone(440, 8000, 0.1, 0.3));
        ByteBuffer fmt = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN).put(fmt(7, 1, 8000, 8));
        byte[] fact = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(mu.length).array();
        byte[] file = new RiffBuilder().chunk("fmt ", fmt.array()).chunk("fact", fact).chunk("data", mu).build();

        WavAudio audio = Wav.read(file);

        assertThat(audio.format()).isEqualTo(WavAudio.MU_LAW);
        assertThat(audio.sampleRate()).isEqualTo(8000);
        assertThat(audio.data()).containsExactly(mu); // exactly what goes into a Twilio media payload
        assertThat(audio.durationMs()).isEqualTo(100);
    }

    @Test
    void theRecordedFixturesAreEightKilohertzMuLaw() throws IOException {
        for (String name : new String[] {"hebrew-question.wav", "hebrew-two-sentences-noisy.wav",
                "hebrew-long-speech-noisy.wav"}) {
            WavAudio audio = Wav.read(resource("audio/" + name));
            assertThat(audio.format()).as(name).isEqualTo(WavAudio.MU_LAW);
            assertThat(audio.sampleRate()).as(name).isEqualTo(8000);
            assertThat(audio.channels()).as(name).isEqualTo(1);
        }
    }

    @Test
    void eightBitPcmIsCentredOn128() {
        byte[] file = new RiffBuilder().chunk("fmt ", fmt(1, 1, 8000, 8))
                .chunk("data", new byte[] {(byte) 128, (byte) 255, 0}).build();
        assertThat(Wav.read(file).toMonoPcm16()).containsExactly((short) 0, (short) 32512, (short) -32768);
    }

    @Test
    void aTruncatedDataChunkIsReportedAsTruncated() {
        byte[] complete = Wav.pcm16(SAMPLES, 8000);
        byte[] cut = Arrays.copyOf(complete, complete.length - 3);
        assertThatThrownBy(() -> Wav.read(cut)).isInstanceOf(WavFormatException.class)
                .hasMessage("Truncated WAV file: data chunk at byte 36 declares 12 bytes but only 9 remain");
    }

    @Test
    void aFileCutInsideTheHeaderIsReportedAsTruncated() {
        byte[] cut = Arrays.copyOf(Wav.pcm16(SAMPLES, 8000), 30);
        assertThatThrownBy(() -> Wav.read(cut)).isInstanceOf(WavFormatException.class)
                .hasMessage("Truncated WAV file: 'fmt ' chunk at byte 12 declares 16 bytes but only 10 remain");
    }

    @Test
    void aFileWithoutDataIsReportedAsTruncated() {
        byte[] file = new RiffBuilder().chunk("fmt ", fmt(1, 1, 8000, 16)).build();
        assertThatThrownBy(() -> Wav.read(file)).isInstanceOf(WavFormatException.class)
                .hasMessage("Truncated WAV file: no 'data' chunk in 36 bytes");
    }

    @Test
    void somethingThatIsNotAWavIsRejectedSayingWhatWasFound() {
        byte[] mp3 = "ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> Wav.read(mp3)).isInstanceOf(WavFormatException.class)
                .hasMessage("Not a WAV file: expected 'RIFF'....'WAVE' at the start, found 'ID3\\x04'....'\\x00\\x00\\x00\\x00'");
        assertThatThrownBy(() -> Wav.read(new byte[5])).isInstanceOf(WavFormatException.class)
                .hasMessage("Not a WAV file: only 5 bytes, a RIFF/WAVE header needs 12");
    }

    @Test
    void anUnsupportedEncodingIsNamedWhenDecoding() {
        byte[] file = new RiffBuilder().chunk("fmt ", fmt(6, 1, 8000, 8)).chunk("data", new byte[4]).build();
        WavAudio aLaw = Wav.read(file);
        assertThatThrownBy(aLaw::toMonoPcm16).isInstanceOf(WavFormatException.class)
                .hasMessage("Unsupported WAV encoding: format 6 (A-law) with 8 bits per sample; "
                        + "supported: 16-bit PCM, 8-bit PCM, 8-bit mu-law");
    }

    @Test
    void writerArgumentsAreCheckedEagerly() {
        assertThatThrownBy(() -> Wav.pcm16(new short[1], -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sampleRate must be > 0, was -1");
        assertThatThrownBy(() -> Wav.muLaw(new byte[1], 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sampleRate must be > 0, was 0");
        assertThatThrownBy(() -> Wav.muLaw(null, 8000)).isInstanceOf(NullPointerException.class)
                .hasMessage("mu must not be null");
        assertThatThrownBy(() -> Wav.read(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("file must not be null");
    }

    static byte[] resource(String path) throws IOException {
        try (InputStream in = WavTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }

    private static byte[] fmt(int format, int channels, int sampleRate, int bits) {
        int blockAlign = channels * bits / 8;
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) format).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * blockAlign).putShort((short) blockAlign).putShort((short) bits).array();
    }

    /** Assembles RIFF files chunk by chunk, padding odd chunks, for shapes our writer never produces. */
    private static final class RiffBuilder {
        private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        private Integer riffSize;

        RiffBuilder riffSize(int size) {
            riffSize = size;
            return this;
        }

        RiffBuilder chunk(String id, byte[] body) {
            return chunkWithDeclaredSize(id, body.length, body);
        }

        RiffBuilder chunkWithDeclaredSize(String id, int declared, byte[] body) {
            chunks.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
            chunks.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(declared).array());
            chunks.writeBytes(body);
            if (body.length % 2 == 1) {
                chunks.write(0);
            }
            return this;
        }

        byte[] build() {
            byte[] body = chunks.toByteArray();
            ByteBuffer file = ByteBuffer.allocate(12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
            file.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                    .putInt(riffSize != null ? riffSize : 4 + body.length)
                    .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put(body);
            return file.array();
        }
    }
}
