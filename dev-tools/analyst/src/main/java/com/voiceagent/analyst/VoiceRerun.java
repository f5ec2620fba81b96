package com.voiceagent.analyst;

import com.voiceagent.audio.MuLaw;
import com.voiceagent.audio.Wav;
import com.voiceagent.events.ReplyAudio;
import com.voiceagent.events.StageTiming;
import com.voiceagent.tts.engine.TextToSpeech;
import com.voiceagent.tts.speech.SpeechNormalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code ./voice rerun --voice V}: every recorded reply sentence through tts-service's Google engine with voice V (B),
 * compared turn by turn with the audio the call got (A), read from the voice.audio.* topics.
 *
 * <p>B speaks exactly what A's engine was given (the record's spokenText; for records older than that field, the
 * text through tts-service's own speech normalizer), one request per sentence as tts-service makes them. Time to
 * first audio is the engine time of the turn's first sentence (the caller hears nothing before it exists); total
 * is the sum over the turn's sentences.
 */
final class VoiceRerun {
  private static final int SAMPLES_PER_MS = 8;

  private VoiceRerun() {}

  /**
   * One turn, A (as played) against B (voice V).
   *
   * @param sentences the turn's reply sentences with something to say
   * @param firstAudioMsA engine time of A's first sentence (the tts stage's engineMs on its record)
   * @param totalMsA A's engine time over the turn's sentences
   * @param audioMsA how long A's audio lasts
   * @param failedB sentences B could not speak (their audio is missing from B's figures), with why in {@code errorB}
   */
  record TurnComparison(String callSid, int turn, String replyText, int sentences, long firstAudioMsA, long totalMsA,
      long audioMsA, long firstAudioMsB, long totalMsB, long audioMsB, int failedB, String errorB) {}

  record Summary(int turns, int sentences, int failedB, double meanFirstAudioMsA, double meanFirstAudioMsB,
      double firstAudioMsChange, double meanTotalMsA, double meanTotalMsB, long audioMsA, long audioMsB) {}

  /**
   * @param out where B's audio was written (one WAV per turn), or null
   */
  record Report(String engineA, String engineB, List<TurnComparison> turns, Summary summary, String out) {}

  /** The sentences of one turn as they were played, in order; a sentence republished after a retry counted once. */
  private static List<ReplyAudio> sentences(CallRecords call, int turn, Set<Integer> takenBack) {
    TreeMap<Integer, ReplyAudio> bySeq = new TreeMap<>();
    if (!takenBack.contains(turn)) {
      call.audio.stream().map(CallRecords.AudioRecord::audio).filter(a -> a.getTurn() == turn)
          .forEach(a -> bySeq.putIfAbsent(a.getSeq(), a));
    }
    return bySeq.values().stream().filter(a -> !spoken(a).isBlank()).toList();
  }

  private static final SpeechNormalizer NORMALIZER = SpeechNormalizer.hebrew();

  /** What A's engine was given. */
  private static String spoken(ReplyAudio a) {
    return a.getSpokenText().isEmpty() ? NORMALIZER.forSpeech(a.getText()) : a.getSpokenText();
  }

  static Report compare(List<CallRecords> calls, TtsEngines.VoiceB voice, Path out) {
    TextToSpeech engine = voice.engine();
    List<List<ReplyAudio>> work = new ArrayList<>();
    for (CallRecords call : calls) {
      call.audio.stream().map(a -> a.audio().getTurn()).distinct().sorted()
          .map(turn -> sentences(call, turn, RerunCommand.takenBack(call)))
          .filter(s -> !s.isEmpty()).forEach(work::add);
    }
    String engineA = null;
    String engineB = engine.name() + ":" + engine.voice();
    List<TurnComparison> turns = new ArrayList<>();
    if (!work.isEmpty()) {
      warmUp(engine, spoken(work.getFirst().getFirst()), voice.budget());
    }
    try (Progress progress = Progress.forTerminal("speaking with " + engineB)) {
      progress.total(work.stream().mapToInt(List::size).sum());
      for (List<ReplyAudio> sentences : work) {
        long firstA = -1;
        long totalA = 0;
        long audioA = 0;
        long firstB = -1;
        long totalB = 0;
        int failed = 0;
        String error = null;
        ByteArrayOutputStream audioB = new ByteArrayOutputStream();
        for (ReplyAudio a : sentences) {
          StageTiming tts = a.getTimeline().stream().filter(s -> s.getStage().equals("tts")).reduce((x, y) -> y).orElse(null);
          long msA = tts == null ? 0 : tts.getEngineMs();
          engineA = tts == null ? engineA : tts.getEngine();
          firstA = firstA < 0 ? msA : firstA;
          totalA += msA;
          audioA += a.getAudio().remaining() / SAMPLES_PER_MS;
          long started = System.nanoTime();
          try {
            audioB.writeBytes(engine.synthesizeMuLaw8k(spoken(a), voice.budget()));
          } catch (RuntimeException e) {
            failed++;
            error = e.getMessage();
          }
          long msB = (System.nanoTime() - started) / 1_000_000;
          firstB = firstB < 0 ? msB : firstB;
          totalB += msB;
          progress.advance(1);
        }
        ReplyAudio first = sentences.getFirst();
        if (out != null && audioB.size() > 0) {
          write(out.resolve(first.getCallSid() + "-turn" + first.getTurn() + ".wav"), audioB.toByteArray());
        }
        turns.add(new TurnComparison(first.getCallSid(), first.getTurn(),
            String.join(" ", sentences.stream().map(ReplyAudio::getText).toList()), sentences.size(), firstA, totalA, audioA,
            firstB, totalB, audioB.size() / SAMPLES_PER_MS, failed, error));
      }
    }
    return new Report(engineA, engineB, List.copyOf(turns), summarize(turns), out == null ? null : out.toString());
  }

  /**
   * One untimed request first: tts-service's engine is warm when calls come (it speaks its fixed phrases at startup),
   * and B's first timed sentence must not carry the gRPC channel's connection and the client's class loading. Its
   * failure is the next request's to report.
   */
  private static void warmUp(TextToSpeech engine, String text, java.time.Duration budget) {
    try {
      engine.synthesizeMuLaw8k(text, budget);
    } catch (RuntimeException e) {
      // The timed request that follows says what is wrong.
    }
  }

  /** B's audio of one turn as a 16-bit PCM WAV at 8 kHz, which every player opens. */
  private static void write(Path file, byte[] muLaw) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, Wav.pcm16(MuLaw.decode(muLaw), 8000));
    } catch (IOException e) {
      throw new Analyst.CommandFailed("could not write " + file + ": " + e.getMessage(), e);
    }
  }

  private static Summary summarize(List<TurnComparison> turns) {
    double firstA = turns.stream().mapToLong(TurnComparison::firstAudioMsA).average().orElse(0);
    double firstB = turns.stream().mapToLong(TurnComparison::firstAudioMsB).average().orElse(0);
    return new Summary(turns.size(), turns.stream().mapToInt(TurnComparison::sentences).sum(),
        turns.stream().mapToInt(TurnComparison::failedB).sum(), Rounding.tenths(firstA), Rounding.tenths(firstB),
        Rounding.tenths(Rounding.tenths(firstB) - Rounding.tenths(firstA)),
        Rounding.tenths(turns.stream().mapToLong(TurnComparison::totalMsA).average().orElse(0)),
        Rounding.tenths(turns.stream().mapToLong(TurnComparison::totalMsB).average().orElse(0)),
        turns.stream().mapToLong(TurnComparison::audioMsA).sum(), turns.stream().mapToLong(TurnComparison::audioMsB).sum());
  }

  static void print(Report report, PrintStream out) {
    for (TurnComparison t : report.turns()) {
      out.printf("%s turn %d  (%d sentence%s)%s%n", t.callSid(), t.turn(), t.sentences(), t.sentences() == 1 ? "" : "s",
          t.failedB() > 0 ? "  [B failed " + t.failedB() + ": " + t.errorB() + "]" : "");
      out.printf("  reply  %s%n", t.replyText());
      out.printf(Locale.ROOT, "  A      first audio %5d ms, total %5d ms, audio %s%n", t.firstAudioMsA(), t.totalMsA(),
          Text.seconds(t.audioMsA()));
      out.printf(Locale.ROOT, "  B      first audio %5d ms, total %5d ms, audio %s%n", t.firstAudioMsB(), t.totalMsB(),
          Text.seconds(t.audioMsB()));
    }
    Summary s = report.summary();
    out.printf("A = %s, B = %s%n", Text.orDash(report.engineA()), report.engineB());
    out.printf(Locale.ROOT, "%d turns, %d sentences, %d failed in B; mean first audio A %.1f ms, B %.1f ms (%+.1f ms);"
        + " mean total A %.1f ms, B %.1f ms; audio A %s, B %s%n", s.turns(), s.sentences(), s.failedB(),
        s.meanFirstAudioMsA(), s.meanFirstAudioMsB(), s.firstAudioMsChange(), s.meanTotalMsA(), s.meanTotalMsB(),
        Text.seconds(s.audioMsA()), Text.seconds(s.audioMsB()));
    if (report.out() != null) {
      out.println("B's audio, one WAV per turn: " + Path.of(report.out()).toAbsolutePath());
    }
  }
}
