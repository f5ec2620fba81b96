package com.voiceagent.console;

import com.voiceagent.analyst.CallFollower;
import com.voiceagent.analyst.CallView;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The calls on the topics, kept up to date by one follower thread (the analyst's {@link CallFollower}), and the
 * browsers watching them: each change of a call is pushed to every open live stream as it is read. Warm-up
 * calls of the simulator are left out: they are the system's, not callers'.
 */
@Component
final class LiveCalls implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(LiveCalls.class);
  /** After the broker failed the follower: wait this long before reading again. */
  private static final Duration RETRY = Duration.ofSeconds(5);
  /** A browser's stream ends after this; EventSource opens a new one by itself (and gets a fresh snapshot). */
  private static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

  /** What a live stream receives: the whole picture first, then each call that changed and the new histogram. */
  record Snapshot(List<CallCard> calls, List<LatencyHistogram.Bucket> histogram) {}

  private final ConsoleSettings settings;
  private final Clock clock;
  private final Map<String, CallCard> cards = new ConcurrentHashMap<>();
  private final List<SseEmitter> streams = new CopyOnWriteArrayList<>();
  private volatile CallFollower follower;
  private volatile boolean running;
  private Thread followerThread;
  private Thread keepAliveThread;

  LiveCalls(ConsoleSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  Snapshot snapshot() {
    List<CallCard> calls = cards.values().stream().sorted(Comparator.comparing(CallCard::startedAt).reversed()).toList();
    return new Snapshot(calls, histogram());
  }

  Optional<CallView> view(String callSid) {
    CallFollower current = follower;
    return current == null ? Optional.empty() : current.view(callSid).filter(v -> !v.warmUp());
  }

  Optional<byte[]> recording(String callSid) {
    return view(callSid).isEmpty() ? Optional.empty() : follower.recording(callSid);
  }

  /** A new live stream: it gets the snapshot now and every change from now on. */
  SseEmitter open() {
    SseEmitter stream = new SseEmitter(STREAM_LIFETIME.toMillis());
    stream.onCompletion(() -> streams.remove(stream));
    stream.onTimeout(() -> streams.remove(stream));
    stream.onError(e -> streams.remove(stream));
    streams.add(stream);
    send(stream, SseEmitter.event().name("snapshot").data(snapshot(), MediaType.APPLICATION_JSON));
    return stream;
  }

  private List<LatencyHistogram.Bucket> histogram() {
    return LatencyHistogram.of(cards.values().stream().map(CallCard::latencies).toList());
  }

  private void changed(Set<String> callSids) {
    CallFollower current = follower;
    for (String callSid : callSids) {
      current.view(callSid).filter(v -> !v.warmUp()).ifPresent(view -> {
        CallCard card = CallCard.of(view, settings.lastTurns());
        cards.put(callSid, card);
        broadcast(() -> SseEmitter.event().name("call").data(card, MediaType.APPLICATION_JSON));
      });
    }
    current.forgetAllBut(settings.maxCalls()).forEach(cards::remove);
    List<LatencyHistogram.Bucket> histogram = histogram();
    broadcast(() -> SseEmitter.event().name("histogram").data(histogram, MediaType.APPLICATION_JSON));
  }

  /** A builder per stream: a built event keeps what it was built into, so one cannot be sent twice. */
  private void broadcast(Supplier<SseEmitter.SseEventBuilder> event) {
    for (SseEmitter stream : streams) {
      send(stream, event.get());
    }
  }

  /** A browser that is gone only loses its own stream. */
  private void send(SseEmitter stream, SseEmitter.SseEventBuilder event) {
    try {
      stream.send(event);
    } catch (IOException | IllegalStateException e) {
      streams.remove(stream);
      stream.completeWithError(e);
    }
  }

  /** Reads the topics until stopped; a broker that fails is read again, from the history window, after a pause. */
  private void follow() {
    while (running) {
      try (CallFollower reading = new CallFollower(settings.kafkaBootstrapServers(), clock)) {
        follower = reading;
        cards.clear();
        log.info("console following the topics at {} from {} back", settings.kafkaBootstrapServers(), settings.history());
        reading.follow(clock.instant().minus(settings.history()), this::changed, () -> running);
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("reading the topics failed ({}); again in {}", e.toString(), RETRY);
        try {
          Thread.sleep(RETRY);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private void keepAlive() {
    while (running) {
      try {
        Thread.sleep(settings.keepAlive());
      } catch (InterruptedException e) {
        return;
      }
      broadcast(() -> SseEmitter.event().comment("keep-alive"));
    }
  }

  @Override
  public void start() {
    running = true;
    followerThread = Thread.ofPlatform().daemon().name("console-follower").start(this::follow);
    keepAliveThread = Thread.ofPlatform().daemon().name("console-keep-alive").start(this::keepAlive);
  }

  @Override
  public void stop() {
    running = false;
    keepAliveThread.interrupt();
    try {
      followerThread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    streams.forEach(SseEmitter::complete);
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
