package com.voiceagent.gateway.media;

import com.voiceagent.gateway.GatewayProperties;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * A gateway told to stop (SIGTERM, a deploy) hands its calls over instead of dropping them. First it stops
 * taking work: readiness goes down and {@link DrainFilter} answers new webhooks and media upgrades with 503,
 * so the load balancer sends them to another gateway. Then each call is handed over at its next turn
 * boundary (its stream closes and Twilio follows the TwiML's Redirect to a live gateway). Calls still here
 * after {@code voice.gateway.drain.timeout} are handed over mid-turn: they resume with the lost-turn phrase.
 *
 * <p>It stops first of all (the highest phase): the Kafka consumers and producers keep serving the calls
 * until they have moved.
 */
final class GatewayDrain implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(GatewayDrain.class);
  private static final Duration CHECK_INTERVAL = Duration.ofMillis(50);

  private final MediaStreamHandler handler;
  private final ApplicationEventPublisher events;
  private final Duration timeout;
  private volatile boolean running;
  private volatile boolean draining;

  GatewayDrain(MediaStreamHandler handler, ApplicationEventPublisher events, GatewayProperties properties) {
    this.handler = handler;
    this.events = events;
    this.timeout = properties.drain().timeout();
  }

  boolean draining() {
    return draining;
  }

  /** Also after a stop: a context stopped and started again (a paused test context) serves again. */
  @Override
  public void start() {
    if (draining) {
      draining = false;
      AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
    }
    running = true;
  }

  @Override
  public void stop() {
    draining = true;
    AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
    int calls = handler.callsHeld();
    if (calls > 0) {
      log.info("draining: handing {} call(s) over to other gateways at their next turn boundary (at most {} s)", calls,
          timeout.toSeconds());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (handler.handOverAtTurnBoundaries() > 0 && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(CHECK_INTERVAL.toMillis()); // shutdown only: no call waits on this thread
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int left = handler.handOverNow();
    if (left > 0) {
      log.warn("drain timed out (voice.gateway.drain.timeout {} s): {} call(s) handed over mid-turn", timeout.toSeconds(), left);
    } else if (calls > 0) {
      log.info("drained: every call was handed over");
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before everything else stops: the calls need the Kafka consumers and producers until they have moved. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
