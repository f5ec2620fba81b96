package com.voiceagent.platform.kafka;

import com.voiceagent.events.InstanceHeartbeat;
import com.voiceagent.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Publishes this instance's heartbeat to {@code platform.instances} every interval, from start to stop:
 * operators and dashboards see which instances run, of which service, since when; an instance silent for
 * three intervals is gone.
 *
 * <p>Tried as a way to keep the Kafka path warm between calls: end to end it made no measurable difference
 * to a single call's pipeline overhead (docs/benchmarks.md, "heartbeat"), so the default interval is chosen
 * for liveness alone.
 */
final class Heartbeat implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

  private final EventPublisher publisher;
  private final String instanceId;
  private final String service;
  private final Duration interval;
  private final Clock clock;
  private final Instant startedAt;
  private ScheduledExecutorService timer;

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

  @Override
  public synchronized void start() {
    timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("heartbeat").daemon().factory());
    timer.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    log.info("heartbeat of {} ({}) every {} ms on {}", instanceId, service, interval.toMillis(), Topics.INSTANCES.name());
  }

  void beat() {
    try {
      publisher.publish(Topics.INSTANCES, InstanceHeartbeat.newBuilder()
          .setInstanceId(instanceId).setService(service).setStartedAt(startedAt).setEventTime(clock.instant())
          .setIntervalMs(interval.toMillis()).build());
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: a broker outage must not end the heartbeat.
      log.debug("heartbeat not sent: {}", e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }
}
