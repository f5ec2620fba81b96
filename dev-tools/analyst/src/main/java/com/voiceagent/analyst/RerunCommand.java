package com.voiceagent.analyst;

import com.voiceagent.audio.Pcm16;
import com.voiceagent.events.CancelReason;
import com.voiceagent.events.StageTiming;
import com.voiceagent.events.Transcript;
import com.voiceagent.events.TurnCancelled;
import com.voiceagent.events.Utterance;
import com.voiceagent.stt.engine.Audio;
import com.voiceagent.stt.engine.Recognition;
import com.voiceagent.stt.engine.SpeechToText;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ./voice rerun (--calls SID,... | --since 24h) --stt ENGINE[:MODEL]}: the recorded utterances of past
 * calls through another speech-to-text engine, compared turn by turn with what the call's own engine heard.
 * Reads the topics and calls the engine; writes nothing to any topic and touches no live call.
 */
final class RerunCommand implements Analyst.Command {
  private final Map<String, String> env;
  private final PrintStream out;

  RerunCommand(Map<String, String> env, PrintStream out) {
    this.env = env;
    this.out = out;
  }

  /** One turn, A (as recorded) against B (the other engine). */
  record TurnComparison(String callSid, int turn, String transcriptA, String transcriptB, double wer, double cer,
      Long engineMsA, long engineMsB, boolean changed) {}

  /** Over every turn compared. */
  record Summary(int turns, int changed, double meanWer, double meanCer, Double meanEngineMsA, double meanEngineMsB) {}

  record Report(String engineA, String engineB, List<TurnComparison> turns, Summary summary) {}

  @Override
  public String usage() {
    return """
        Usage: ./voice rerun (--calls SID,SID... | --since D) --stt ENGINE[:MODEL] [--json] [--kafka HOST:PORT]
          Runs the recorded caller utterances of past calls through another speech-to-text engine and
          compares, turn by turn, transcript A (what the call's engine heard) with transcript B: word and
          character error rate of B against A, and each engine's time; then a summary (turns, turns whose
          transcript changed, mean WER and CER, mean engine time A and B). Nothing is written to the topics.
          --stt openai[:MODEL]   an OpenAI-compatible server (OPENAI_BASE_URL, OPENAI_API_KEY; model whisper-1)
          --calls SID,...        these calls; or --since D (90s, 15m, 2h, 7d): the calls of the last D
          --all                  with --since: include the warm-up calls
          --json                 the report as one JSON document
        Not in this version: --prompt, --dialog-model, --voice (re-running the dialog and the voice).
        """;
  }

  @Override
  public int run(List<String> args) {
    Args parsed = Args.parse(args, Set.of("calls", "since", "stt", "kafka", "prompt", "dialog-model", "voice"),
        Set.of("json", "all"));
    for (String notYet : List.of("prompt", "dialog-model", "voice")) {
      if (parsed.value(notYet) != null) {
        throw new IllegalArgumentException("--" + notYet + " is not in this version: rerun compares --stt engines");
      }
    }
    if (parsed.value("stt") == null) {
      throw new IllegalArgumentException("which engine is B? --stt openai[:MODEL]");
    }
    if ((parsed.value("calls") == null) == (parsed.value("since") == null)) {
      throw new IllegalArgumentException("give either --calls SID,... or --since D");
    }
    Set<String> wanted = parsed.value("calls") == null ? null
        : Arrays.stream(parsed.value("calls").split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    Instant since = Calls.since(parsed.duration("since"), Clock.systemUTC());
    SpeechToText engine = SttEngines.of(parsed.value("stt"), env);
    Archive archive = Calls.read(Broker.address(parsed.value("kafka"), env), since, key -> wanted == null || wanted.contains(key));
    List<CallRecords> calls = Calls.conversations(archive, since, parsed.has("all") || wanted != null).stream()
        .map(c -> archive.calls.get(c.callSid())).toList();
    if (wanted != null) {
      Set<String> missing = new java.util.TreeSet<>(wanted);
      calls.forEach(c -> missing.remove(c.callSid));
      if (!missing.isEmpty()) {
        throw new Analyst.CommandFailed("no call " + String.join(", ", missing) + " on the topics");
      }
    }
    Report report = compare(calls, engine);
    if (engine instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // The engine's connections close with the JVM.
      }
    }
    if (parsed.has("json")) {
      out.println(Json.pretty(report));
    } else {
      print(report);
    }
    return 0;
  }

  private Report compare(List<CallRecords> calls, SpeechToText engine) {
    List<Utterance> utterances = new ArrayList<>();
    for (CallRecords call : calls) {
      Set<Integer> takenBack = call.cancellations.stream().filter(c -> c.getReason() == CancelReason.CALLER_CONTINUED)
          .map(TurnCancelled::getTurn).collect(Collectors.toSet());
      call.utterances.stream().filter(u -> !takenBack.contains(u.getTurn()))
          .sorted(Comparator.comparingInt(Utterance::getTurn)).forEach(utterances::add);
    }
    List<TurnComparison> turns = new ArrayList<>();
    String engineA = null;
    try (Progress progress = Progress.forTerminal("transcribing with " + engine.name())) {
      progress.total(utterances.size());
      for (Utterance u : utterances) {
        CallRecords call = calls.stream().filter(c -> c.callSid.equals(u.getCallSid())).findFirst().orElseThrow();
        Transcript a = call.transcripts.stream().filter(t -> t.getTurn() == u.getTurn()).reduce((x, y) -> y).orElse(null);
        StageTiming stt = sttTiming(call, u.getTurn(), a);
        if (stt != null) {
          engineA = stt.getEngine();
        }
        String textA = a == null ? "" : a.getText();
        long started = System.nanoTime();
        String textB = transcribe(engine, u);
        long engineMsB = (System.nanoTime() - started) / 1_000_000;
        turns.add(new TurnComparison(u.getCallSid(), u.getTurn(), textA, textB, round(ErrorRates.wordErrorRate(textA, textB)),
            round(ErrorRates.characterErrorRate(textA, textB)), stt == null ? null : stt.getEngineMs(), engineMsB,
            !ErrorRates.normalized(textA).equals(ErrorRates.normalized(textB))));
        progress.advance(1);
      }
    }
    return new Report(engineA, engine.name(), List.copyOf(turns), summarize(turns));
  }

  /** Engine A's timing: the transcript's own timeline, else the turn's (voice.turns carries every stage's). */
  private static StageTiming sttTiming(CallRecords call, int turn, Transcript transcript) {
    List<StageTiming> timeline = new ArrayList<>(transcript == null ? List.of() : transcript.getTimeline());
    call.turns.stream().filter(t -> t.getTurn() == turn).forEach(t -> timeline.addAll(t.getTimeline()));
    return timeline.stream().filter(s -> s.getStage().equals("stt")).findFirst().orElse(null);
  }

  /** B's transcript; a failure is a transcript too (the engine's own words), so the run goes on. */
  private static String transcribe(SpeechToText engine, Utterance u) {
    ByteBuffer buffer = u.getAudio().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    try {
      Recognition recognition = engine.transcribe(new Audio(Pcm16.fromBytes(bytes), u.getSampleRate()), SttEngines.TIMEOUT);
      return recognition.text();
    } catch (Exception e) {
      return "[failed: " + e.getMessage() + "]";
    }
  }

  private static Summary summarize(List<TurnComparison> turns) {
    double wer = turns.stream().mapToDouble(TurnComparison::wer).average().orElse(0);
    double cer = turns.stream().mapToDouble(TurnComparison::cer).average().orElse(0);
    var a = turns.stream().filter(t -> t.engineMsA() != null).mapToLong(TurnComparison::engineMsA).average();
    double b = turns.stream().mapToLong(TurnComparison::engineMsB).average().orElse(0);
    return new Summary(turns.size(), (int) turns.stream().filter(TurnComparison::changed).count(), round(wer), round(cer),
        a.isPresent() ? round(a.getAsDouble()) : null, round(b));
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private void print(Report report) {
    for (TurnComparison t : report.turns()) {
      out.printf("%s turn %d%s%n", t.callSid(), t.turn(), t.changed() ? "  [changed]" : "");
      out.printf("  A %-12s %s%n", Text.orDash(report.engineA()), t.transcriptA().isEmpty() ? "(nothing)" : t.transcriptA());
      out.printf("  B %-12s %s%n", report.engineB(), t.transcriptB().isEmpty() ? "(nothing)" : t.transcriptB());
      out.printf(Locale.ROOT, "  WER %.3f  CER %.3f  engine A %s ms, B %d ms%n", t.wer(), t.cer(), Text.orDash(t.engineMsA()),
          t.engineMsB());
    }
    Summary s = report.summary();
    out.printf(Locale.ROOT, "%d turns, %d changed; mean WER %.3f, mean CER %.3f; mean engine time A %s ms, B %.1f ms%n",
        s.turns(), s.changed(), s.meanWer(), s.meanCer(), Text.orDash(s.meanEngineMsA()), s.meanEngineMsB());
  }
}
