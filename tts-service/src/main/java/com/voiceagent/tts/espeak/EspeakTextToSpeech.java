package com.voiceagent.tts.espeak;

import com.voiceagent.tts.engine.PhoneAudio;
import com.voiceagent.tts.engine.SpeechFailedException;
import com.voiceagent.tts.engine.TextToSpeech;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Offline Hebrew speech with espeak-ng: robotic, but always there. Runs {@code espeak-ng -v he --stdout}
 * as a child process (no shell, the text goes through stdin so nothing in it can become an option),
 * reads the 22,050 Hz WAV it streams (its header sizes are 0xFFFFFFFF-style placeholders, which the WAV
 * reader tolerates), then resamples to 8 kHz mu-law.
 */
final class EspeakTextToSpeech implements TextToSpeech {
  private final String binary;
  private final String voice;
  private final int wordsPerMinute;

  EspeakTextToSpeech(String binary, String voice, int wordsPerMinute) {
    this.binary = requireText(binary, "binary");
    this.voice = requireText(voice, "voice");
    if (wordsPerMinute < 80 || wordsPerMinute > 450) {
      throw new IllegalArgumentException("wordsPerMinute must be 80..450 (espeak-ng's range), was " + wordsPerMinute);
    }
    this.wordsPerMinute = wordsPerMinute;
  }

  @Override
  public String name() {
    return "espeak";
  }

  @Override
  public String voice() {
    return voice;
  }

  @Override
  public byte[] synthesizeMuLaw8k(String text, Duration budget) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(budget, "budget");
    if (text.isBlank()) {
      throw new SpeechFailedException("nothing to say: blank text");
    }
    // -b 1: the text on stdin is UTF-8 (Hebrew).
    List<String> command = List.of(binary, "-v", voice, "-s", Integer.toString(wordsPerMinute), "-b", "1", "--stdout");
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new SpeechFailedException("cannot start espeak-ng '" + binary + "': " + e.getMessage(), e);
    }
    try {
      // Read both pipes concurrently: a child blocked on a full stderr pipe would never finish stdout.
      CompletableFuture<byte[]> stdout = readAll(process.getInputStream());
      CompletableFuture<byte[]> stderr = readAll(process.getErrorStream());
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(text.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(budget.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new SpeechFailedException("espeak-ng took longer than " + budget.toMillis() + " ms");
      }
      byte[] wav = stdout.get(budget.toMillis(), TimeUnit.MILLISECONDS);
      if (process.exitValue() != 0) {
        String why = new String(stderr.getNow(new byte[0]), StandardCharsets.UTF_8).strip();
        throw new SpeechFailedException("espeak-ng exited with " + process.exitValue() + (why.isEmpty() ? "" : ": " + why));
      }
      byte[] audio = PhoneAudio.fromWav(wav);
      if (audio.length == 0) {
        throw new SpeechFailedException("espeak-ng produced no audio for voice " + voice);
      }
      return audio;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpeechFailedException("interrupted while espeak-ng was speaking", e);
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new SpeechFailedException("espeak-ng failed: " + e, e);
    } finally {
      process.destroyForcibly();
    }
  }

  private static CompletableFuture<byte[]> readAll(InputStream in) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Thread.ofVirtual().name("espeak-pipe").start(() -> {
      try (in) {
        result.complete(in.readAllBytes());
      } catch (IOException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
