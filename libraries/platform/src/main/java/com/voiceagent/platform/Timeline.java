package com.voiceagent.platform;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What happened to a turn so far, stage by stage: each stage appends when it received the turn's record,
 * how long its engine took, and when it published. Carried forward from record to record, so a turn's
 * latency can be taken apart from the topics alone.
 */
public record Timeline(List<StageTime> stages) {

  /** One stage's part in a turn. */
  public record StageTime(String stage, String engine, String instance, Instant receivedAt, long engineMs,
      Instant publishedAt) {
    public StageTime {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(engine, "engine");
      Objects.requireNonNull(instance, "instance");
      Objects.requireNonNull(receivedAt, "receivedAt");
      Objects.requireNonNull(publishedAt, "publishedAt");
    }
  }

  public Timeline {
    stages = List.copyOf(stages);
  }

  public static Timeline empty() {
    return new Timeline(List.of());
  }

  /** This timeline with one more stage at its end. */
  public Timeline append(String stage, String engine, String instance, Instant receivedAt, long engineMs, Instant publishedAt) {
    List<StageTime> all = new ArrayList<>(stages.size() + 1);
    all.addAll(stages);
    all.add(new StageTime(stage, engine, instance, receivedAt, engineMs, publishedAt));
    return new Timeline(all);
  }
}
