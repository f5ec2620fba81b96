package com.voiceagent.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * {@value #NAME}: for every inbound media frame, how much later than its call's best-timed frame it was handled
 * (milliseconds in, seconds out). A gateway that keeps up holds it under one frame (20 ms); a growing tail means
 * frames wait for a thread (the gateway is short of CPU) or the network delivers them in bursts.
 */
public final class FrameDelay implements LongConsumer {
  public static final String NAME = "voice.gateway.frame.delay";
  /** Around one frame's 20 ms, where "keeping up" is decided. */
  static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1)};

  private final Timer timer;

  public FrameDelay(MeterRegistry registry) {
    this.timer = Timer.builder(NAME)
        .description("How much later than its call's best-timed frame each inbound media frame was handled")
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  @Override
  public void accept(long lateMs) {
    timer.record(lateMs, TimeUnit.MILLISECONDS);
  }
}
