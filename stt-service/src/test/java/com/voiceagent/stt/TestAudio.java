package com.voiceagent.stt;

import com.voiceagent.audio.Wav;
import com.voiceagent.stt.engine.Audio;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/** Audio for tests: Hebrew speech recorded with espeak-ng (sox to 8 kHz), silence, noise. */
public final class TestAudio {
  public static final int RATE = 8000;

  private TestAudio() {}

  /** "שלום, אני רוצה לקבוע תור" spoken by espeak-ng, 8 kHz. */
  public static Audio speech() {
    return fixture("/audio/shalom-8k.wav");
  }

  /** "תודה, להתראות" spoken by espeak-ng, 8 kHz. */
  public static Audio otherSpeech() {
    return fixture("/audio/lehitraot-8k.wav");
  }

  public static Audio silence(Duration length) {
    return new Audio(new short[(int) (length.toMillis() * RATE / 1000)], RATE);
  }

  public static Audio noise(Duration length, int amplitude, long seed) {
    Random random = new Random(seed);
    short[] samples = new short[(int) (length.toMillis() * RATE / 1000)];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) (random.nextGaussian() * amplitude);
    }
    return new Audio(samples, RATE);
  }

  public static SttProperties openAi(String baseUrl, Duration timeout) {
    return new SttProperties(SttProperties.Engine.OPENAI, "whisper-1", timeout, Duration.ofMillis(200), 400, List.of(),
        new SttProperties.OpenAi(baseUrl, "test-key", 1), new SttProperties.WhisperCpp("", 1));
  }

  public static SttProperties auto(String apiKey, String whisperModel) {
    return new SttProperties(SttProperties.Engine.AUTO, "whisper-1", Duration.ofSeconds(4), Duration.ofMillis(200), 400,
        List.of(), new SttProperties.OpenAi("https://api.openai.com/v1", apiKey, 1),
        new SttProperties.WhisperCpp(whisperModel, 1));
  }

  public static SttProperties explicit(SttProperties.Engine engine, String apiKey, String whisperModel) {
    return new SttProperties(engine, "whisper-1", Duration.ofSeconds(4), Duration.ofMillis(200), 400,
        List.of(), new SttProperties.OpenAi("https://api.openai.com/v1", apiKey, 1),
        new SttProperties.WhisperCpp(whisperModel, 1));
  }

  private static Audio fixture(String resource) {
    try (InputStream in = TestAudio.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      var wav = Wav.read(in.readAllBytes());
      return new Audio(wav.toMonoPcm16(), wav.sampleRate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
