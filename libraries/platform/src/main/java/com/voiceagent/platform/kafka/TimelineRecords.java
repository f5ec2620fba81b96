package com.voiceagent.platform.kafka;

import com.voiceagent.events.StageTiming;
import com.voiceagent.platform.Timeline;
import java.time.Instant;
import java.util.List;

/** A {@link Timeline} as the records carry it (Avro StageTiming entries), both ways. */
public final class TimelineRecords {
  private TimelineRecords() {}

  public static Timeline read(List<StageTiming> records) {
    if (records == null) {
      return Timeline.empty();
    }
    return new Timeline(records.stream().map(t -> new Timeline.StageTime(t.getStage(), t.getEngine(), t.getInstance(),
        t.getReceivedAt(), t.getEngineMs(), t.getPublishedAt())).toList());
  }

  public static List<StageTiming> write(Timeline timeline) {
    return timeline.stages().stream().map(t -> StageTiming.newBuilder().setStage(t.stage()).setEngine(t.engine())
        .setInstance(t.instance()).setReceivedAt(t.receivedAt()).setEngineMs(t.engineMs()).setPublishedAt(t.publishedAt())
        .build()).toList();
  }

  /** The records' timeline with this stage appended: what a stage's Kafka adapter writes on its output. */
  public static List<StageTiming> append(List<StageTiming> upstream, String stage, String engine, String instance,
      Instant receivedAt, long engineMs, Instant publishedAt) {
    return write(read(upstream).append(stage, engine, instance, receivedAt, engineMs, publishedAt));
  }
}
