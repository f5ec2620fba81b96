package com.voiceagent.analyst;

import com.voiceagent.dialog.engine.Message;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./voice rerun --prompt FILE | --dialog-model M}: each recorded turn's transcript, with the call's history as
 * it stood at that turn, through dialog engine B, compared with the reply the call got (A).
 *
 * <p>The history is rebuilt from the topics as dialog-service kept it: every earlier turn's caller words and the
 * agent's reply, or only what the caller heard of it (flagged interrupted) where the caller barged in; the greeting
 * included, taken-back turns left out.
 */
final class DialogRerun {
  private DialogRerun() {}

  /**
   * One turn, reply A (as recorded) against reply B.
   *
   * @param wer word error rate of reply B against reply A: 0 the same words, 1 as many edits as A has words
   * @param engineMsA the dialog stage's engine time of the call: to its first sentence (from the turn's timeline)
   * @param engineMsB B's time to its first sentence, the same measure
   * @param totalMsB B's whole reply
   * @param kindA ANSWER, FALLBACK, GOODBYE as recorded; kindB the same for B (FALLBACK: B failed or was too slow)
   * @param toolsAskedB business tools B's model asked for (offered, never run by a rerun)
   */
  record TurnComparison(String callSid, int turn, String callerText, String replyA, String replyB, boolean changed,
      double wer, Long engineMsA, long engineMsB, long totalMsB, String kindA, String kindB, List<String> toolsAskedB) {}

  /**
   * @param engineMsChange mean engine time B minus A, milliseconds (negative: B answers sooner)
   */
  record Summary(int turns, int changed, double meanWer, Double meanEngineMsA, double meanEngineMsB, Double engineMsChange) {}

  record Report(String engineA, String engineB, List<TurnComparison> turns, Summary summary) {}

  static Report compare(List<Conversation> calls, DialogEngineB engine) {
    int total = calls.stream().mapToInt(c -> answered(c).size()).sum();
    List<TurnComparison> turns = new ArrayList<>();
    String engineA = null;
    calls.stream().flatMap(c -> answered(c).stream()).findFirst().ifPresent(first -> engine.warmUp(first.callerText()));
    try (Progress progress = Progress.forTerminal("answering with " + engine.name())) {
      progress.total(total);
      for (Conversation call : calls) {
        List<Message> history = new ArrayList<>();
        for (TurnView turn : call.turns()) {
          if (answered(call).contains(turn)) {
            TurnView.StageView dialog = turn.stages().stream().filter(s -> s.stage().equals("dialog")).findFirst().orElse(null);
            if (dialog != null) {
              engineA = dialog.engine();
            }
            DialogEngineB.Reply b = engine.answer(call.callSid(), List.copyOf(history), turn.callerText());
            turns.add(new TurnComparison(call.callSid(), turn.turn(), turn.callerText(), turn.replyText(), b.text(),
                !ErrorRates.normalized(turn.replyText()).equals(ErrorRates.normalized(b.text())),
                Rounding.thousandths(ErrorRates.wordErrorRate(turn.replyText(), b.text())),
                dialog == null ? null : dialog.engineMs(), b.firstSentenceMs(), b.totalMs(), turn.replyKind(), b.kind(),
                b.toolsAsked()));
            progress.advance(1);
          }
          remember(history, turn);
        }
      }
    }
    return new Report(engineA, engine.name(), List.copyOf(turns), summarize(turns));
  }

  /** The turns the dialog engine answered: the caller said something and it was understood. */
  private static List<TurnView> answered(Conversation call) {
    return call.turns().stream().filter(t -> "OK".equals(t.transcriptStatus()) && !t.callerText().isBlank()).toList();
  }

  /** The turn as dialog-service's history holds it once the turn is over (ConversationHistory.recordTurn/recordCancel). */
  private static void remember(List<Message> history, TurnView turn) {
    if (!turn.callerText().isBlank()) {
      history.add(Message.caller(turn.callerText(), turn.turn()));
    }
    if (turn.interrupted()) {
      history.add(Message.agent(turn.heardText(), turn.turn(), true));
    } else if (!turn.replyText().isBlank()) {
      history.add(Message.agent(turn.replyText(), turn.turn(), false));
    }
  }

  private static Summary summarize(List<TurnComparison> turns) {
    var a = turns.stream().filter(t -> t.engineMsA() != null).mapToLong(TurnComparison::engineMsA).average();
    double b = turns.stream().mapToLong(TurnComparison::engineMsB).average().orElse(0);
    Double meanA = a.isPresent() ? Rounding.tenths(a.getAsDouble()) : null;
    return new Summary(turns.size(), (int) turns.stream().filter(TurnComparison::changed).count(),
        Rounding.thousandths(turns.stream().mapToDouble(TurnComparison::wer).average().orElse(0)), meanA, Rounding.tenths(b),
        meanA == null || turns.isEmpty() ? null : Rounding.tenths(Rounding.tenths(b) - meanA));
  }

  static void print(Report report, PrintStream out) {
    for (TurnComparison t : report.turns()) {
      out.printf("%s turn %d%s%n", t.callSid(), t.turn(), t.changed() ? "  [changed]" : "");
      out.printf("  caller  %s%n", t.callerText());
      out.printf("  A       %s%n", t.replyA().isEmpty() ? "(nothing)" : t.replyA());
      out.printf("  B       %s%s%n", t.replyB().isEmpty() ? "(nothing)" : t.replyB(),
          t.kindB().equals("ANSWER") ? "" : "  [" + t.kindB() + "]");
      if (!t.toolsAskedB().isEmpty()) {
        out.printf("  B asked for %s (not run by rerun)%n", String.join(", ", t.toolsAskedB()));
      }
      out.printf(Locale.ROOT, "  WER %.3f  first sentence A %s ms, B %d ms (whole reply B %d ms)%n", t.wer(),
          Text.orDash(t.engineMsA()), t.engineMsB(), t.totalMsB());
    }
    Summary s = report.summary();
    out.printf("A = %s, B = %s%n", Text.orDash(report.engineA()), report.engineB());
    out.printf(Locale.ROOT, "%d turns, %d replies changed; mean WER %.3f; mean engine time A %s ms, B %.1f ms (%s ms)%n",
        s.turns(), s.changed(), s.meanWer(), Text.orDash(s.meanEngineMsA()), s.meanEngineMsB(),
        s.engineMsChange() == null ? "-" : String.format(Locale.ROOT, "%+.1f", s.engineMsChange()));
  }
}
