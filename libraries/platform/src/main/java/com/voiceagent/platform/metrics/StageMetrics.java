package com.voiceagent.platform.metrics;

import com.voiceagent.platform.Timeline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The metrics every stage shares, written once: how long each part of a stage's work took, taken from the
 * timeline the stage appends to its output record, and why records could not be served. Tags name stages,
 * parts, reasons and topics only: never a callSid or a phone number (cardinality, privacy).
 *
 * <ul>
 *   <li>{@value #STAGE_SECONDS}{stage,part}: {@code engine} (the engine's own time), {@code own} (the stage's time
 *       around the engine, from receiving the record to publishing its result) and {@code hop} (from the previous
 *       stage's publishing to this stage receiving: Kafka, polling, waiting on the call's lane);</li>
 *   <li>{@value #STAGE_FAILURES}{stage,reason}: records a stage refused, skipped or could not handle;</li>
 *   <li>{@value #DEAD_LETTERS}{topic}: records sent to a dead-letter topic.</li>
 * </ul>
 */
public final class StageMetrics {
  public static final String STAGE_SECONDS = "voice.stage";
  public static final String STAGE_FAILURES = "voice.stage.failures";
  public static final String DEAD_LETTERS = "voice.dead.letters";

  /** The parts of {@value #STAGE_SECONDS}, as its {@code part} tag names them. */
  public static final List<String> PARTS = List.of("engine", "own", "hop");

  /**
   * Buckets around the turn budget (a turn should answer within 1.5 s; a stage takes a fraction of that), so that
   * Prometheus' histogram_quantile gives p95 and p99 with a useful precision where it matters.
   */
  public static final Duration[] SLO_BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1),
      Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private final MeterRegistry registry;

  public StageMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Records nothing: for code built without a registry (tests, tools). */
  public static StageMetrics none() {
    return new StageMetrics(new CompositeMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Records the last stage of {@code timeline}, which {@code instance} has just appended and is publishing: its
   * engine time, its own time and the hop from the stage before it. A timeline whose last stage another instance
   * wrote (a record passed on unchanged) records nothing, so each stage's work is counted once.
   */
  public void published(Timeline timeline, String instance) {
    List<Timeline.StageTime> stages = timeline.stages();
    if (stages.isEmpty()) {
      return;
    }
    Timeline.StageTime last = stages.getLast();
    if (!last.instance().equals(instance)) {
      return;
    }
    long total = Duration.between(last.receivedAt(), last.publishedAt()).toMillis();
    long engine = Math.max(0, last.engineMs());
    record(last.stage(), "engine", engine);
    record(last.stage(), "own", Math.max(0, total - engine));
    if (stages.size() > 1) {
      Timeline.StageTime before = stages.get(stages.size() - 2);
      record(last.stage(), "hop", Math.max(0, Duration.between(before.publishedAt(), last.receivedAt()).toMillis()));
    }
  }

  private void record(String stage, String part, long millis) {
    timer(stage, part).record(Duration.ofMillis(millis));
  }

  Timer timer(String stage, String part) {
    return Timer.builder(STAGE_SECONDS)
        .description("Time a stage spent on a turn's record, by part: engine, own (around the engine), hop (from the stage before)")
        .tags("stage", stage, "part", part)
        .serviceLevelObjectives(SLO_BUCKETS)
        .register(registry);
  }

  /** A record {@code stage} refused, skipped or could not handle, for {@code reason} (a short fixed word). */
  public void failed(String stage, String reason) {
    Counter.builder(STAGE_FAILURES)
        .description("Records a stage refused, skipped as too old, or could not handle")
        .tags("stage", stage, "reason", reason)
        .register(registry)
        .increment();
  }

  /** A record of {@code topic} went to its dead-letter topic. */
  public void deadLettered(String topic) {
    Counter.builder(DEAD_LETTERS)
        .description("Records sent to a dead-letter topic (<topic>.DLT)")
        .tags("topic", topic)
        .register(registry)
        .increment();
  }
}
