package com.voiceagent.stt.whispercpp;

import com.voiceagent.audio.Resampler;
import com.voiceagent.stt.engine.Audio;
import com.voiceagent.stt.engine.Recognition;
import com.voiceagent.stt.engine.SpeechToText;
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperSamplingStrategy;
import io.github.givimad.whisperjni.WhisperState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Local whisper.cpp (through whisper-jni) with a ggml model the user supplies, e.g. a Hebrew fine-tune:
 * transcription without any cloud. The model is loaded once; each concurrent transcription borrows one
 * decoder state from a small pool, because a whisper.cpp state must never be used by two threads.
 */
public final class WhisperCppSpeechToText implements SpeechToText, AutoCloseable {
  static final int WHISPER_RATE = 16_000;
  private static final Object LIBRARY_LOCK = new Object();
  /** Resamplers precompute their filter, so one per input rate is kept (they are thread-safe). */
  private static final Map<Integer, Resampler> TO_WHISPER_RATE = new ConcurrentHashMap<>();
  private static boolean libraryLoaded;

  private final WhisperJNI whisper;
  private final WhisperContext context;
  private final List<WhisperState> states;
  private final BlockingQueue<WhisperState> idle;

  private WhisperCppSpeechToText(WhisperJNI whisper, WhisperContext context, List<WhisperState> states) {
    this.whisper = whisper;
    this.context = context;
    this.states = states;
    this.idle = new ArrayBlockingQueue<>(states.size(), false, states);
  }

  /**
   * Loads the native library and the model, or fails with a message naming WHISPER_MODEL: a stage that
   * was told to use whisper.cpp must not start without it.
   */
  public static WhisperCppSpeechToText load(String modelPath, int contexts) {
    if (contexts < 1) {
      throw new IllegalArgumentException("contexts must be at least 1, was " + contexts);
    }
    Path model = checkedModel(modelPath);
    loadLibrary();
    WhisperJNI whisper = new WhisperJNI();
    WhisperContext context;
    try {
      context = whisper.initNoState(model);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("WHISPER_MODEL (voice.stt.whisper-cpp.model) " + model
          + " could not be loaded as a ggml Whisper model: " + e.getMessage(), e);
    }
    if (context == null) {
      throw new IllegalStateException("WHISPER_MODEL (voice.stt.whisper-cpp.model) " + model
          + " could not be loaded as a ggml Whisper model");
    }
    List<WhisperState> states = new ArrayList<>();
    for (int i = 0; i < contexts; i++) {
      states.add(whisper.initState(context));
    }
    return new WhisperCppSpeechToText(whisper, context, states);
  }

  static Path checkedModel(String modelPath) {
    if (modelPath == null || modelPath.isBlank()) {
      throw new IllegalStateException("STT_ENGINE=whisper-cpp needs WHISPER_MODEL (voice.stt.whisper-cpp.model): "
          + "the path of a ggml Whisper model file, e.g. a Hebrew fine-tune");
    }
    Path model = Path.of(modelPath);
    if (!Files.isRegularFile(model) || !Files.isReadable(model)) {
      throw new IllegalStateException("WHISPER_MODEL (voice.stt.whisper-cpp.model) " + model.toAbsolutePath()
          + " is not a readable file: give the path of a ggml Whisper model file");
    }
    return model;
  }

  /** Loads the bundled native library once per JVM. */
  static void loadLibrary() {
    synchronized (LIBRARY_LOCK) {
      if (libraryLoaded) {
        return;
      }
      List<Path> extracted = new ArrayList<>();
      try {
        // whisper-jni copies its native libraries into a new java.io.tmpdir/whisper-jni-<n> folder and
        // names each copy in its log lines ("... into <path>").
        WhisperJNI.loadLibrary(line -> extractedFile(line).ifPresent(extracted::add));
      } catch (IOException | LinkageError e) {
        throw new IllegalStateException("could not load the whisper.cpp native library (whisper-jni): " + e, e);
      }
      libraryLoaded = true;
      // Loaded libraries stay mapped once unlinked, so the copies can go now: no folder is left behind in
      // the temporary folder, even when the process is killed.
      extracted.forEach(WhisperCppSpeechToText::deleteQuietly);
      extracted.stream().map(Path::getParent).distinct().forEach(WhisperCppSpeechToText::deleteQuietly);
    }
  }

  private static java.util.Optional<Path> extractedFile(String logLine) {
    int into = logLine.lastIndexOf(" into ");
    return into < 0 ? java.util.Optional.empty() : java.util.Optional.of(Path.of(logLine.substring(into + 6).strip()));
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Left for the JVM's delete-on-exit (files) or the operator (the folder): nothing depends on it.
    }
  }

  @Override
  public String name() {
    return "whisper-cpp";
  }

  @Override
  public Recognition transcribe(Audio audio, Duration budget) throws InterruptedException, TimeoutException {
    float[] samples = whisperSamples(audio);
    WhisperState state = idle.poll(budget.toMillis(), TimeUnit.MILLISECONDS);
    if (state == null) {
      throw new TimeoutException("all " + states.size() + " whisper.cpp contexts stayed busy for " + budget.toMillis() + " ms");
    }
    try {
      int result = whisper.fullWithState(context, state, params(), samples, samples.length);
      if (result != 0) {
        throw new IllegalStateException("whisper.cpp failed with code " + result);
      }
      StringBuilder text = new StringBuilder();
      int segments = whisper.fullNSegmentsFromState(state);
      for (int i = 0; i < segments; i++) {
        text.append(whisper.fullGetSegmentTextFromState(state, i));
      }
      return Recognition.of(text.toString().strip());
    } finally {
      // The native call cannot be interrupted; the state goes back only once whisper.cpp is done with it.
      idle.add(state);
    }
  }

  /** whisper.cpp expects 16 kHz float samples in [-1, 1]. */
  static float[] whisperSamples(Audio audio) {
    short[] pcm = audio.sampleRate() == WHISPER_RATE
        ? audio.samples()
        : TO_WHISPER_RATE.computeIfAbsent(audio.sampleRate(), rate -> Resampler.of(rate, WHISPER_RATE))
            .resample(audio.samples());
    float[] samples = new float[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      samples[i] = pcm[i] / 32768f;
    }
    return samples;
  }

  private static WhisperFullParams params() {
    WhisperFullParams params = new WhisperFullParams(WhisperSamplingStrategy.GREEDY);
    params.language = "he";
    params.translate = false;
    params.detectLanguage = false;
    params.noContext = true; // each utterance stands alone; context from another call must never leak in
    params.suppressNonSpeechTokens = true;
    params.printProgress = false;
    params.printRealtime = false;
    params.printSpecial = false;
    params.printTimestamps = false;
    return params;
  }

  @Override
  public void close() {
    // Freeing a state that a native call still uses would crash the JVM: wait for each to come back,
    // and leave the stragglers (and the model they need) to the process exit.
    int freed = 0;
    for (int i = 0; i < states.size(); i++) {
      WhisperState state;
      try {
        state = idle.poll(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (state == null) {
        break;
      }
      whisper.free(state);
      freed++;
    }
    if (freed == states.size()) {
      whisper.free(context);
    }
  }

  @Override
  public String toString() {
    return "whisper-cpp(" + states.size() + " contexts)";
  }
}
