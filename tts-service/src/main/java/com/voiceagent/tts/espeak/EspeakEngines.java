package com.voiceagent.tts.espeak;

import com.voiceagent.tts.engine.TextToSpeech;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Builds the offline espeak-ng engine. */
public final class EspeakEngines {
  private EspeakEngines() {}

  /**
   * @param binary the espeak-ng executable (a name on the PATH or a path)
   * @param voice espeak-ng voice, {@code he} for Hebrew
   * @param wordsPerMinute speaking rate, 80..450
   */
  public static TextToSpeech create(String binary, String voice, int wordsPerMinute) {
    return new EspeakTextToSpeech(binary, voice, wordsPerMinute);
  }

  /**
   * Where the binary is, if it can be run: a path is checked as is, a bare name is looked up on the
   * PATH. Used at startup to warn that the offline fallback is missing before a call needs it.
   */
  public static Optional<Path> locate(String binary, String pathVariable) {
    if (binary.contains(File.separator)) {
      Path path = Path.of(binary);
      return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    String searchPath = pathVariable == null ? "" : pathVariable;
    return Arrays.stream(searchPath.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, binary))
        .filter(path -> Files.isRegularFile(path) && Files.isExecutable(path))
        .findFirst();
  }
}
