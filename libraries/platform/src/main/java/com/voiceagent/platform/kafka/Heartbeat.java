package com.voiceagent.platform.kafka;

import com.voiceagent.events.InstanceHeartbeat;
import com.voiceagent.platform.PeriodicTask;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this instance's heartbeat to {@code platform.instances} every interval, from start to stop:
 * operators and dashboards see which instances run, of which service, since when; an instance silent for
 * three intervals is gone.
 *
 * <p>Tried as a way to keep the Kafka path warm between calls: end to end it made no measurable difference
 * to a single call's pipeline overhead (docs/benchmarks.md, "heartbeat"), so the default interval is chosen
 * for liveness alone.
 */
final class Heartbeat {
  private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

  private final EventPublisher publisher;
  private final String instanceId;
  private final String service;
  private final Duration interval;
  private final Clock clock;
  private final Instant startedAt;

  Heartbeat(EventPublisher publisher, String instanceId, String service, Duration interval, Clock clock) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    this.service = Objects.requireNonNull(service, "service");
    this.interval = Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("voice.platform.heartbeat-interval must be positive, was " + interval);
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    this.startedAt = clock.instant();
  }

  /** Publishes one heartbeat, every {@link #interval()} (a {@link PeriodicTask}). */
  void beat() {
    publisher.publish(Topics.INSTANCES, InstanceHeartbeat.newBuilder()
        .setInstanceId(instanceId).setService(service).setStartedAt(startedAt).setEventTime(clock.instant())
        .setIntervalMs(interval.toMillis()).build());
  }

  Duration interval() {
    return interval;
  }

  /** The heartbeat from start to stop. */
  PeriodicTask every() {
    log.info("heartbeat of {} ({}) every {} ms on {}", instanceId, service, interval.toMillis(), Topics.INSTANCES.name());
    return new PeriodicTask("heartbeat", Duration.ZERO, interval, this::beat);
  }
}
