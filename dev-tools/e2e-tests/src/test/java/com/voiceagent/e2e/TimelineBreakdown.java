package com.voiceagent.e2e;

import com.voiceagent.events.StageTiming;
import com.voiceagent.events.TurnCompleted;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Splits turns' timelines into their parts (endpointing, each Kafka hop, each engine, each stage's own
 * work) and reports the median and p95 of each: where a turn's latency goes.
 */
final class TimelineBreakdown {
  private final Map<String, List<Long>> parts = new LinkedHashMap<>();

  void add(TurnCompleted turn) {
    Optional<StageTiming> gateway = stage(turn, "gateway");
    Optional<StageTiming> stt = stage(turn, "stt");
    Optional<StageTiming> dialog = stage(turn, "dialog");
    Optional<StageTiming> tts = stage(turn, "tts");
    Optional<StageTiming> playback = stage(turn, "playback");
    if (gateway.isEmpty() || stt.isEmpty() || dialog.isEmpty() || tts.isEmpty() || playback.isEmpty()) {
      return;
    }
    put("endpointing (last speech -> utterance published)", ms(gateway.get().getReceivedAt()) - ms(turn.getSpeechEndedAt()));
    put("gateway publish", ms(gateway.get().getPublishedAt()) - ms(gateway.get().getReceivedAt()));
    put("hop gateway->stt", ms(stt.get().getReceivedAt()) - ms(gateway.get().getPublishedAt()));
    put("stt engine", stt.get().getEngineMs());
    put("stt own work", ms(stt.get().getPublishedAt()) - ms(stt.get().getReceivedAt()) - stt.get().getEngineMs());
    put("hop stt->dialog", ms(dialog.get().getReceivedAt()) - ms(stt.get().getPublishedAt()));
    put("dialog engine (first sentence)", dialog.get().getEngineMs());
    put("dialog own work", ms(dialog.get().getPublishedAt()) - ms(dialog.get().getReceivedAt()) - dialog.get().getEngineMs());
    put("hop dialog->tts", ms(tts.get().getReceivedAt()) - ms(dialog.get().getPublishedAt()));
    put("tts engine", tts.get().getEngineMs());
    put("tts own work", ms(tts.get().getPublishedAt()) - ms(tts.get().getReceivedAt()) - tts.get().getEngineMs());
    put("hop tts->gateway", ms(playback.get().getReceivedAt()) - ms(tts.get().getPublishedAt()));
    long held = playback.get().getEngineMs();
    put("reply held until the caller's turn was confirmed (speculative turns)", held);
    put("gateway playback start (excluding the hold)", ms(playback.get().getPublishedAt()) - ms(playback.get().getReceivedAt()) - held);
    long engines = stt.get().getEngineMs() + dialog.get().getEngineMs() + tts.get().getEngineMs();
    put("PIPELINE OVERHEAD (utterance published -> first audio sent, minus engines and hold)",
        ms(playback.get().getPublishedAt()) - ms(gateway.get().getReceivedAt()) - engines - held);
    put("TOTAL (last speech -> first audio sent)", ms(playback.get().getPublishedAt()) - ms(turn.getSpeechEndedAt()));
  }

  String report() {
    StringBuilder out = new StringBuilder(String.format("%-72s %6s %6s %6s %6s%n", "part of a turn (ms)", "p50", "p95", "p99", "n"));
    parts.forEach((name, values) -> out.append(String.format("%-72s %6d %6d %6d %6d%n", name, percentile(values, 50),
        percentile(values, 95), percentile(values, 99), values.size())));
    return out.toString();
  }

  private void put(String name, long value) {
    parts.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  private static Optional<StageTiming> stage(TurnCompleted turn, String name) {
    return turn.getTimeline().stream().filter(t -> name.equals(t.getStage())).findFirst();
  }

  private static long ms(java.time.Instant instant) {
    return instant == null ? 0 : instant.toEpochMilli();
  }

  static long percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
