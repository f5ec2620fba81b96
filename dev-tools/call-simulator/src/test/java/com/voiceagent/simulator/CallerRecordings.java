package com.voiceagent.simulator;

import com.voiceagent.audio.Wav;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What the simulated callers say in the tests: the recorded Hebrew question of docs/samples, as WAV files. */
public final class CallerRecordings {
  private CallerRecordings() {}

  /** The question as the phone carries it: 8 kHz mu-law, its speech followed by 1.5 s of silence. */
  public static byte[] question() {
    Path sample = Path.of(System.getProperty("voice.repo.root", "../.."), "docs", "samples", "hebrew-question.wav");
    try {
      return CallerAudio.fromWav(Files.readAllBytes(sample)).muLaw();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the parts one after another as one 8 kHz mu-law WAV file. */
  public static Path wav(Path file, byte[]... muLawParts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    Arrays.stream(muLawParts).forEach(all::writeBytes);
    try {
      return Files.write(file, Wav.muLaw(all.toByteArray(), CallerAudio.SAMPLE_RATE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Agent audio of that length, every byte the same so the test can find it in what the caller heard. */
  public static byte[] agentAudio(int millis, int value) {
    byte[] audio = new byte[millis * 8];
    Arrays.fill(audio, (byte) value);
    return audio;
  }

  /** How many bytes of the heard audio have that value. */
  public static long count(byte[] heard, int value) {
    long n = 0;
    for (byte b : heard) {
      if (b == (byte) value) {
        n++;
      }
    }
    return n;
  }
}
