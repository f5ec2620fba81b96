package com.voiceagent.platform;

import com.voiceagent.events.StageTiming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Appends a stage's timing to the timeline a record carries forward. */
public final class Timeline {
  private Timeline() {}

  public static List<StageTiming> append(List<StageTiming> upstream, String stage, String engine, String instance,
      Instant receivedAt, long engineMs, Instant publishedAt) {
    List<StageTiming> all = new ArrayList<>(upstream == null ? List.of() : upstream);
    all.add(StageTiming.newBuilder()
        .setStage(stage)
        .setEngine(engine)
        .setInstance(instance)
        .setReceivedAt(receivedAt)
        .setEngineMs(engineMs)
        .setPublishedAt(publishedAt)
        .build());
    return all;
  }
}
