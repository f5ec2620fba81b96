package com.voiceagent.analyst;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code ./voice replay CALLSID [--json] [--wav FILE]}: one call as the caller lived it, turn by turn. */
final class ReplayCommand implements Analyst.Command {
  private final Map<String, String> env;
  private final PrintStream out;

  ReplayCommand(Map<String, String> env, PrintStream out) {
    this.env = env;
    this.out = out;
  }

  @Override
  public String usage() {
    return """
        Usage: ./voice replay CALLSID [--json] [--wav FILE] [--kafka HOST:PORT]
          The call turn by turn: what the caller said (callerText), the reply as generated (replyText) and as
          heard (heardText, cut where the caller barged in), interrupted, the latency from the caller's last word
          to the first reply audio (latencyMs) stage by stage, fallbacks, silences over 2 s (dead air) and the
          talk/listen ratio (the agent's talk time over the caller's), and each hand-over to a person: when, what
          came of the dial (completed = answered, no-answer, busy...) and the summary the person got by WhatsApp.
          --json      the same as one JSON document (fields in docs/analytics.md)
          --wav FILE  also write the call as a stereo 8 kHz WAV: the caller on the left, the agent on the right,
                      as played, on the stream's clock (audio cleared by a barge-in is not in it)
        """;
  }

  @Override
  public int run(List<String> args) {
    Args parsed = Args.parse(args, Set.of("wav", "kafka"), Set.of("json"));
    if (parsed.positional().size() != 1) {
      throw new IllegalArgumentException("which call? give one CALLSID (./voice calls lists them)");
    }
    String callSid = parsed.positional().getFirst();
    Archive archive = Calls.read(Broker.address(parsed.value("kafka"), env), null, callSid::equals);
    CallRecords records = archive.calls.get(callSid);
    if (records == null) {
      throw new Analyst.CommandFailed("no call " + callSid + " on the topics (./voice calls --all lists the calls they keep)");
    }
    Conversation call = new Conversation(records);
    CallView view = call.view(java.time.Instant.now());
    if (parsed.value("wav") != null) {
      Path wav = Path.of(parsed.value("wav"));
      try {
        Files.write(wav, StereoRecording.wav(call));
      } catch (IOException e) {
        throw new Analyst.CommandFailed("could not write " + wav + ": " + e.getMessage(), e);
      }
    }
    if (parsed.has("json")) {
      out.println(Json.pretty(view));
    } else {
      print(view);
    }
    if (parsed.value("wav") != null && !parsed.has("json")) {
      out.println("stereo recording (caller left, agent right) written to " + Path.of(parsed.value("wav")).toAbsolutePath());
    }
    return 0;
  }

  private void print(CallView call) {
    out.printf("call %s%s started %s, %s, ended: %s%n", call.callSid(), call.warmUp() ? " (warm-up)" : "", call.startedAt(),
        Text.seconds(call.durationMs()), call.ended());
    out.printf("talk: caller %s, agent %s, talk/listen %s | barge-ins %d | fallbacks heard %d%n",
        Text.seconds(call.callerTalkMs()), Text.seconds(call.agentTalkMs()), Text.orDash(call.talkListenRatio()),
        call.bargeIns(), call.fallbacks());
    for (TurnView t : call.turns()) {
      out.println();
      String when = t.callerStartMs() == null ? "" : " at " + Text.seconds(t.callerStartMs());
      out.printf("turn %d%s%n", t.turn(), when);
      if (t.transcriptStatus() != null) {
        out.printf("  caller:  %s%s%n", t.callerText().isEmpty() ? "(no words)" : t.callerText(),
            "OK".equals(t.transcriptStatus()) ? "" : " [" + t.transcriptStatus() + "]");
      }
      out.printf("  reply:   %s%s%n", t.replyText(), t.replyKind() == null ? "" : " [" + t.replyKind()
          + (t.fallback() && !"FALLBACK".equals(t.replyKind()) ? ", fallback" : "") + "]");
      out.printf("  heard:   %s%s%n", t.heardText().isEmpty() ? "(nothing)" : t.heardText(), t.interrupted() ? " [interrupted]" : "");
      if (t.latencyMs() != null) {
        out.printf("  latency: %d ms = %s%n", t.latencyMs(), t.stages().stream()
            .map(s -> s.stage() + " " + s.totalMs() + (s.engineMs() > 0 ? " (" + s.engine() + " " + s.engineMs() + ")" : ""))
            .collect(Collectors.joining(" + ")));
      }
    }
    out.println();
    for (CallView.Transfer t : call.transfers()) {
      out.printf("handed to a person at %s (after turn %d): %s%n", t.at(), t.turn(), t.outcome());
      out.println(t.summary() == null ? "  person not told by WhatsApp (TRANSFER_NOTIFY_WHATSAPP unset, or no notice yet)"
          : "  person told by WhatsApp (" + t.summaryEngine() + " summary): " + t.summary().replace("\n", " / "));
    }
    call.notes().forEach(note -> out.println("note: " + note));
    if (call.silences().isEmpty()) {
      out.println("dead air: none over 2 s");
    } else {
      out.println("dead air: " + call.silences().stream()
          .map(s -> Text.seconds(s.durationMs()) + " at " + Text.seconds(s.startMs())).collect(Collectors.joining(", ")));
    }
  }
}
