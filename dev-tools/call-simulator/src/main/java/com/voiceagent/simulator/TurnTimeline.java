package com.voiceagent.simulator;

import com.voiceagent.events.StageTiming;
import com.voiceagent.events.TurnCompleted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One answered turn as the pipeline measured it (the gateway's TurnCompleted), with the numbers a
 * developer asks first: how long from the caller's last word to the first audio back, and how much of
 * that is the pipeline's own overhead rather than the engines' (STT, LLM, TTS) time.
 */
public record TurnTimeline(TurnCompleted turn, String transcript, List<String> replySegments, Instant heardAt) {

  static final Set<String> ENGINE_STAGES = Set.of("stt", "dialog", "tts");

  public TurnTimeline {
    Objects.requireNonNull(turn, "turn");
    replySegments = List.copyOf(replySegments);
  }

  public Optional<StageTiming> stage(String name) {
    return turn.getTimeline().stream().filter(t -> t.getStage().equals(name)).findFirst();
  }

  /** When the gateway's endpointer decided the caller had finished (stage gateway, receivedAt). */
  public Optional<Instant> endOfUtteranceDetected() {
    return stage("gateway").map(StageTiming::getReceivedAt);
  }

  /** When the first reply audio went out to Twilio (stage playback, publishedAt; else firstAudioSentAt). */
  public Instant firstAudioSent() {
    return stage("playback").map(StageTiming::getPublishedAt).orElse(turn.getFirstAudioSentAt());
  }

  /** Caller's last speech sample to first reply audio sent: what the caller waits. */
  public long speechEndToFirstAudioMs() {
    return firstAudioSent().toEpochMilli() - turn.getSpeechEndedAt().toEpochMilli();
  }

  /** Time inside the engines (sum of engineMs of the stt, dialog and tts entries). */
  public long engineMs() {
    return turn.getTimeline().stream().filter(t -> ENGINE_STAGES.contains(t.getStage()))
        .mapToLong(StageTiming::getEngineMs).sum();
  }

  /**
   * How long the ready reply waited at the gateway for the caller's turn to be confirmed (the end silence
   * after a speculative start): endpointing, not pipeline work. The gateway reports it as the playback
   * stage's engineMs.
   */
  public long heldForEndOfTurnMs() {
    return stage("playback").map(StageTiming::getEngineMs).orElse(0L);
  }

  /**
   * The pipeline's overhead: end of utterance detected to first reply audio sent, minus the engines'
   * time and minus the time the reply was held for the end of the caller's turn -- Kafka hops, queueing,
   * serialisation, the services' own code. Empty without a gateway entry.
   */
  public Optional<Long> overheadMs() {
    return endOfUtteranceDetected().map(detected -> firstAudioSent().toEpochMilli() - detected.toEpochMilli() - engineMs()
        - heldForEndOfTurnMs());
  }

  /** The human-readable block printed after the call; times are relative to {@code callStart}. */
  public String render(Instant callStart) {
    List<String> lines = new ArrayList<>();
    String reply = replySegments.isEmpty() ? turn.getReplyText() : String.join(" ", replySegments);
    lines.add(String.format(Locale.ROOT, "turn %d (%s)", turn.getTurn(), turn.getKind()));
    lines.add("  caller said : " + (transcript == null ? "(no transcript seen)" : quote(transcript)));
    lines.add("  agent said  : " + quote(reply));
    lines.add(row(callStart, turn.getSpeechEndedAt(), "caller stopped speaking (last speech sample)"));
    Instant previous = null;
    for (StageTiming t : turn.getTimeline()) {
      String queue = previous == null ? "" : String.format(Locale.ROOT, ", waited %d ms before", millis(previous, t.getReceivedAt()));
      String label = switch (t.getStage()) {
        case "gateway" -> "end of utterance detected (endpointer, " + millis(turn.getSpeechEndedAt(), t.getReceivedAt())
            + " ms after the last speech); utterance published at " + at(callStart, t.getPublishedAt()).trim();
        case "playback" -> "first reply audio sent to Twilio" + queue.replace(", ", " (").replace(" before", " before)")
            + (t.getEngineMs() > 0 ? ", held " + t.getEngineMs() + " ms until the caller's turn was confirmed" : "");
        default -> String.format(Locale.ROOT, "%-6s %-12s took %d ms (engine %d ms%s)",
            t.getStage(), t.getEngine(), millis(t.getReceivedAt(), t.getPublishedAt()), t.getEngineMs(), queue);
      };
      Instant when = t.getStage().equals("gateway") ? t.getReceivedAt() : t.getPublishedAt();
      lines.add(row(callStart, when, label));
      previous = t.getPublishedAt();
    }
    if (stage("playback").isEmpty()) {
      lines.add(row(callStart, turn.getFirstAudioSentAt(), "first reply audio sent to Twilio"));
    }
    if (heardAt != null) {
      lines.add(row(callStart, heardAt, "first reply audio reached the simulator"));
    }
    String overhead = overheadMs().map(ms -> ms + " ms").orElse("n/a (no gateway timing)");
    String detectToAudio = endOfUtteranceDetected()
        .map(d -> (firstAudioSent().toEpochMilli() - d.toEpochMilli()) + " ms").orElse("n/a");
    lines.add(String.format(Locale.ROOT, "  latency     : last speech -> first audio %d ms | end of utterance detected -> first audio %s",
        speechEndToFirstAudioMs(), detectToAudio));
    lines.add(String.format(Locale.ROOT, "  engines     : %s = %d ms | held for end of turn: %d ms | pipeline overhead: %s",
        engineBreakdown(), engineMs(), heldForEndOfTurnMs(), overhead));
    return String.join("\n", lines);
  }

  private String engineBreakdown() {
    List<String> parts = new ArrayList<>();
    for (StageTiming t : turn.getTimeline()) {
      if (ENGINE_STAGES.contains(t.getStage())) {
        parts.add(t.getStage() + " " + t.getEngineMs());
      }
    }
    return parts.isEmpty() ? "none reported" : String.join(" + ", parts);
  }

  private static String row(Instant callStart, Instant when, String label) {
    return "  " + at(callStart, when) + "  " + label;
  }

  static String at(Instant callStart, Instant when) {
    return String.format(Locale.ROOT, "%+8.2f s", (when.toEpochMilli() - callStart.toEpochMilli()) / 1000.0);
  }

  private static long millis(Instant from, Instant to) {
    return to.toEpochMilli() - from.toEpochMilli();
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }
}
