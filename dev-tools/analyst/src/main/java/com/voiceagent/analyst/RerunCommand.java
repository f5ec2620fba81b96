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
import java.util.stream.Stream;

/**
 * {@code ./voice rerun (--calls SID,... | --since 24h) (--stt ENGINE[:MODEL] | --prompt FILE | --dialog-model M |
 * --voice V)}: past calls through another engine B, compared turn by turn with what the call had (A). {@code --stt}
 * is compared here; the dialog in {@link DialogRerun}, the voice in {@link VoiceRerun}. Reads the topics and calls
 * engine B; writes nothing to any topic and touches no live call.
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
        Usage: ./voice rerun (--calls SID,SID... | --since D) (--stt ENGINE[:MODEL] | --prompt FILE | --dialog-model M
                             | --voice V [--out DIR]) [--json] [--all] [--kafka HOST:PORT]
          Runs past calls through engine B and compares B, turn by turn, with what the call had (A). Reads the topics
          and calls B only: nothing is written to any topic, no live call is touched. Exactly one B:
          --stt openai[:MODEL]   the recorded caller utterances through another speech-to-text engine (an
                                 OpenAI-compatible server: OPENAI_BASE_URL, OPENAI_API_KEY; model whisper-1):
                                 transcripts A and B, word and character error rate of B against A, engine times;
                                 summary: turns, transcripts changed, mean WER and CER, mean engine time A and B
          --prompt FILE          each turn's transcript, with the call's history as it was at that turn, through
          --dialog-model M       dialog-service's OpenAI engine with this system prompt (or this model) instead of the
                                 service's (SYSTEM_PROMPT_FILE, DIALOG_MODEL; otherwise the service's settings and
                                 environment: OPENAI_*, BUSINESS_FILE, DIALOG_TIMEOUT, REPLY_MAX_CHARS): replies A and
                                 B, changed or not, WER of B against A, time to the first sentence A and B; summary:
                                 turns, replies changed, mean WER, mean engine time A and B and the change. Business
                                 tools are offered to the model but never run (the report names those B asked for)
          --voice V              each recorded reply sentence through tts-service's Google engine with voice V
                                 (GOOGLE_TTS_ENDPOINT, GOOGLE_TTS_SA_JSON, TTS_LANGUAGE, TTS_TIMEOUT as the service):
                                 time to first audio, total engine time and audio duration A and B; summary
          --out DIR              with --voice: also write B's audio of each turn as DIR/CALLSID-turnN.wav (8 kHz)
          --calls SID,...        these calls; or --since D (90s, 15m, 2h, 7d): the calls of the last D
          --all                  with --since: include the warm-up calls
          --json                 the report as one JSON document
        """;
  }

  @Override
  public int run(List<String> args) {
    Args parsed = Args.parse(args, Set.of("calls", "since", "stt", "kafka", "prompt", "dialog-model", "voice", "out"),
        Set.of("json", "all"));
    List<String> engines = Stream.of("stt", "prompt", "dialog-model", "voice").filter(o -> parsed.value(o) != null).toList();
    if (engines.size() != 1) {
      throw new IllegalArgumentException(engines.isEmpty()
          ? "which engine is B? --stt ENGINE[:MODEL], --prompt FILE, --dialog-model M or --voice V"
          : "one engine B at a time, not --" + String.join(" and --", engines));
    }
    if (parsed.value("out") != null && parsed.value("voice") == null) {
      throw new IllegalArgumentException("--out writes B's audio: it goes with --voice");
    }
    if ((parsed.value("calls") == null) == (parsed.value("since") == null)) {
      throw new IllegalArgumentException("give either --calls SID,... or --since D");
    }
    Set<String> wanted = parsed.value("calls") == null ? null
        : Arrays.stream(parsed.value("calls").split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    Instant since = Calls.since(parsed.duration("since"), Clock.systemUTC());
    // Engine B is set up before the topics are read: a wrong setting fails at once, not after minutes of reading.
    Object report = switch (engines.getFirst()) {
      case "stt" -> sttReport(parsed, wanted, since);
      case "voice" -> voiceReport(parsed, wanted, since);
      default -> dialogReport(parsed, wanted, since);
    };
    if (parsed.has("json")) {
      out.println(Json.pretty(report));
    } else {
      switch (report) {
        case Report stt -> print(stt);
        case DialogRerun.Report dialog -> DialogRerun.print(dialog, out);
        case VoiceRerun.Report voice -> VoiceRerun.print(voice, out);
        default -> throw new IllegalStateException("no printer for " + report.getClass());
      }
    }
    return 0;
  }

  private Report sttReport(Args parsed, Set<String> wanted, Instant since) {
    SpeechToText engine = SttEngines.of(parsed.value("stt"), env);
    try {
      return compare(records(read(parsed, wanted, since), wanted, since, parsed), engine);
    } finally {
      closeQuietly(engine);
    }
  }

  private VoiceRerun.Report voiceReport(Args parsed, Set<String> wanted, Instant since) {
    TtsEngines.VoiceB voice = TtsEngines.google(parsed.value("voice"), env);
    try {
      return VoiceRerun.compare(records(read(parsed, wanted, since), wanted, since, parsed), voice,
          parsed.value("out") == null ? null : java.nio.file.Path.of(parsed.value("out")));
    } finally {
      closeQuietly(voice.engine());
    }
  }

  private DialogRerun.Report dialogReport(Args parsed, Set<String> wanted, Instant since) {
    try (DialogEngineB engine = DialogEngineB.of(parsed.value("prompt"), parsed.value("dialog-model"), env)) {
      return DialogRerun.compare(records(read(parsed, wanted, since), wanted, since, parsed).stream()
          .map(Conversation::new).toList(), engine);
    }
  }

  private Archive read(Args parsed, Set<String> wanted, Instant since) {
    return Calls.read(Broker.address(parsed.value("kafka"), env), since, key -> wanted == null || wanted.contains(key));
  }

  /** The calls asked for, oldest first; every SID of --calls must be on the topics. */
  private static List<CallRecords> records(Archive archive, Set<String> wanted, Instant since, Args parsed) {
    List<CallRecords> calls = Calls.conversations(archive, since, parsed.has("all") || wanted != null).stream()
        .map(c -> archive.calls.get(c.callSid())).toList();
    if (wanted != null) {
      Set<String> missing = new java.util.TreeSet<>(wanted);
      calls.forEach(c -> missing.remove(c.callSid));
      if (!missing.isEmpty()) {
        throw new Analyst.CommandFailed("no call " + String.join(", ", missing) + " on the topics");
      }
    }
    return calls;
  }

  /** Turns the gateway took back (the caller went on speaking): they never reached the caller. */
  static Set<Integer> takenBack(CallRecords call) {
    return call.cancellations.stream().filter(c -> c.getReason() == CancelReason.CALLER_CONTINUED)
        .map(TurnCancelled::getTurn).collect(Collectors.toSet());
  }

  private static void closeQuietly(Object engine) {
    if (engine instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // The engine's connections close with the JVM.
      }
    }
  }

  private Report compare(List<CallRecords> calls, SpeechToText engine) {
    List<Utterance> utterances = new ArrayList<>();
    for (CallRecords call : calls) {
      Set<Integer> takenBack = takenBack(call);
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
        turns.add(new TurnComparison(u.getCallSid(), u.getTurn(), textA, textB, Rounding.thousandths(ErrorRates.wordErrorRate(textA, textB)),
            Rounding.thousandths(ErrorRates.characterErrorRate(textA, textB)), stt == null ? null : stt.getEngineMs(), engineMsB,
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
    return new Summary(turns.size(), (int) turns.stream().filter(TurnComparison::changed).count(), Rounding.thousandths(wer), Rounding.thousandths(cer),
        a.isPresent() ? Rounding.thousandths(a.getAsDouble()) : null, Rounding.thousandths(b));
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
